import { z } from 'zod';
import { ById, Ok, type ChannelMap, type EventMap } from './channel-map';
import { ExportRequest, ExportResult } from './exports';
import { FileId } from './files';
import { JobLogEntry } from './jobs';
import { ProviderId } from './providers';
import { Id, PlaybackStatus } from './session';

/**
 * Code stories: where a story's code comes from (a folder or a git URL), the limits on it, and
 * the typed problems a source can have, the request, the script and the stored story, and the
 * `stories.*` channels the Stories page and `koru story` use.
 */

/** Download (pack or tarball) and walked text, whichever is met first: a repository larger than
 *  this is refused with a message that says so. */
export const SOURCE_MAX_BYTES = 256 * 1024 * 1024;
/** Files kept after the ignore rules, at most. */
export const SOURCE_MAX_FILES = 100_000;

export const formatBytes = (n: number): string =>
  n >= 1024 * 1024 ? `${Math.round(n / (1024 * 1024))} MB` : n >= 1024 ? `${Math.round(n / 1024)} KB` : `${n} bytes`;

const GitUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'https:' || u.protocol === 'http:') && !u.username && !u.password;
    } catch {
      return false;
    }
  }, 'Enter an http(s) address of a git repository, without a user name or password in it');

export const StorySource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('folder'), path: z.string().trim().min(1).max(4096) }).strict(),
  z
    .object({
      kind: z.literal('git'),
      url: GitUrl,
      /** A branch, a tag or a full commit id; absent: the default branch. */
      ref: z.string().trim().min(1).max(250).optional(),
    })
    .strict(),
]);
export type StorySource = z.infer<typeof StorySource>;

/** Why a source cannot be read (the error's `details.problem`). */
export const SourceProblem = z.enum([
  'missing_folder', // no such folder, or it is a file
  'not_a_repository', // the URL answers, but not as a git server
  'unreachable', // no answer from the server
  'private', // the server wants credentials (or hides the repository): a token may help
  'unknown_ref', // no such branch, tag or reachable commit
  'empty', // no commits, or nothing left after the ignore rules
  'binary_only', // only binary files
  'too_large', // over SOURCE_MAX_BYTES or SOURCE_MAX_FILES
]);
export type SourceProblem = z.infer<typeof SourceProblem>;

export const RepoMetadata = z.object({
  host: z.string(),
  owner: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  stars: z.number().int().nullable(),
  forks: z.number().int().nullable(),
  topics: z.array(z.string()),
  /** Bytes per language, as GitHub counts them. */
  languages: z.record(z.string(), z.number()),
  contributors: z.array(z.object({ login: z.string(), contributions: z.number().int() })),
  defaultBranch: z.string().nullable(),
  license: z.string().nullable(),
  homepage: z.string().nullable(),
});
export type RepoMetadata = z.infer<typeof RepoMetadata>;

// ---- Stories: the request, the script, the stored story, channels and events ----------------

/** The seed's styles; `podcast` is two hosts in dialogue (a host and a guest). */
export const STORY_STYLES = ['documentary', 'tutorial', 'technical', 'fiction', 'podcast'] as const;
export const StoryStyle = z.enum(STORY_STYLES);
export type StoryStyle = z.infer<typeof StoryStyle>;
export const StoryDepth = z.enum(['beginner', 'intermediate', 'advanced']);
export type StoryDepth = z.infer<typeof StoryDepth>;

export const STORY_MIN_MINUTES = 3;
export const STORY_MAX_MINUTES = 60;
/** The lengths the form offers (any whole number in the range is accepted). */
export const STORY_MINUTE_CHOICES = [5, 10, 15, 20] as const;
/** A story longer than this is also exported as one file per chapter (the seed's audio chunks). */
export const STORY_PARTS_FROM_MINUTES = 15;

/**
 * The seed's four narrators. Each maps to its ElevenLabs voice and to the nearest voice of every
 * other speaking provider (and an eSpeak variant of the offline voice), so a story sounds alike
 * whoever voices it. `pitch` orders them for the offline voice's variants.
 */
export const SEED_VOICES = {
  rachel: { label: 'Rachel', says: 'calm, clear, female', elevenlabs: '21m00Tcm4TlvDq8ikWAM', openai: 'nova', gemini: 'Kore', offline: 'en-us+f3' },
  drew: { label: 'Drew', says: 'warm, steady, male', elevenlabs: '29vD33N1CtxCmqQRPOHJ', openai: 'onyx', gemini: 'Charon', offline: 'en-us+m3' },
  bella: { label: 'Bella', says: 'bright, friendly, female', elevenlabs: 'EXAVITQu4vr4xnSDxMaL', openai: 'shimmer', gemini: 'Aoede', offline: 'en-gb+f3' },
  antoni: { label: 'Antoni', says: 'lively, well-rounded, male', elevenlabs: 'ErXwobaYiN019PkySvjV', openai: 'echo', gemini: 'Puck', offline: 'en-gb+m3' },
} as const;
export type SeedVoice = keyof typeof SEED_VOICES;
export const SeedVoice = z.enum(Object.keys(SEED_VOICES) as [SeedVoice, ...SeedVoice[]]);
/** Host first; a podcast's guest is the second (default Drew, or Rachel when the host is Drew). */
export const DEFAULT_STORY_VOICE: SeedVoice = 'rachel';

export const StorySpeaker = z.enum(['host', 'guest']);
export type StorySpeaker = z.infer<typeof StorySpeaker>;

const Focus = z.array(z.string().trim().min(1).max(60)).max(8, 'at most 8 focus areas');

export const StoryRequest = z
  .object({
    source: StorySource,
    style: StoryStyle.default('documentary'),
    minutes: z
      .number()
      .int('minutes must be a whole number')
      .min(STORY_MIN_MINUTES, `minutes must be between ${STORY_MIN_MINUTES} and ${STORY_MAX_MINUTES}`)
      .max(STORY_MAX_MINUTES, `minutes must be between ${STORY_MIN_MINUTES} and ${STORY_MAX_MINUTES}`)
      .default(10),
    depth: StoryDepth.default('intermediate'),
    focus: Focus.default([]),
    /** What the person said they want ("explain the routing system"); read by the intent step. */
    message: z.string().trim().max(2000).optional(),
    /** Extra instructions for the writer (from the intent chat, or typed). */
    instructions: z.string().trim().max(2000).optional(),
    /** Who writes: a text provider, or 'offline' for the offline story writer; default: the
     *  settings' writer, else the offline writer. */
    writer: ProviderId.optional(),
    /** Put this speech provider first (the chain still ends with the offline voice). */
    provider: ProviderId.optional(),
    /** The narrator, and a podcast's guest. */
    voices: z.array(SeedVoice).min(1).max(2).optional(),
    /** A session preset under the narration, or 'none' (the default). */
    bed: z.string().trim().min(1).max(64).default('none'),
    /** Narration-to-bed balance when there is a bed: 0 = bed only … 1 = narration only. */
    balance: z.number().min(0).max(1).default(0.85),
  })
  .strict();
export type StoryRequest = z.infer<typeof StoryRequest>;
export type StoryRequestInput = z.input<typeof StoryRequest>;

/** What the intent step (or the chat box) makes of a message. */
export const StoryIntent = z.object({
  focus: Focus,
  depth: StoryDepth,
  style: StoryStyle,
  minutes: z.number().int().min(STORY_MIN_MINUTES).max(STORY_MAX_MINUTES),
  instructions: z.string().max(2000),
});
export type StoryIntent = z.infer<typeof StoryIntent>;

export const StoryLine = z.object({ speaker: StorySpeaker, text: z.string().trim().min(1).max(4000) });
export type StoryLine = z.infer<typeof StoryLine>;
export const StoryChapter = z.object({ title: z.string().trim().min(1).max(120), lines: z.array(StoryLine).min(1).max(200) });
export type StoryChapter = z.infer<typeof StoryChapter>;
export const StoryScript = z.object({
  title: z.string().trim().min(1).max(120),
  summary: z.string().trim().min(1).max(2000),
  chapters: z.array(StoryChapter).min(1).max(40),
});
export type StoryScript = z.infer<typeof StoryScript>;

export const StoryStatus = z.enum(['pending', 'analyzing', 'generating', 'synthesizing', 'completed', 'failed', 'cancelled']);
export type StoryStatus = z.infer<typeof StoryStatus>;

export const StoryRepo = z.object({
  label: z.string(),
  url: z.string().nullable(),
  commit: z.string().nullable(),
  files: z.number().int().min(0),
  tokens: z.number().int().min(0),
  languages: z.array(z.object({ name: z.string(), share: z.number().min(0).max(1) })),
  description: z.string().nullable(),
  stars: z.number().int().nullable(),
});
export type StoryRepo = z.infer<typeof StoryRepo>;

export const StoryTranscriptLine = z.object({
  chapter: z.number().int().min(0),
  speaker: StorySpeaker,
  text: z.string(),
  startSec: z.number().min(0),
  endSec: z.number().min(0),
});
export type StoryTranscriptLine = z.infer<typeof StoryTranscriptLine>;

export const Story = z.object({
  id: Id,
  title: z.string(),
  request: StoryRequest,
  status: StoryStatus,
  /** 0–100. */
  progress: z.number().min(0).max(100),
  /** What is happening now, in words. */
  message: z.string(),
  /** Why it failed (a sentence that says what to do), else null; `problem` types it. */
  error: z.string().nullable(),
  problem: z.string().nullable(),
  repo: StoryRepo.nullable(),
  intent: StoryIntent.nullable(),
  script: StoryScript.nullable(),
  /** Who wrote it and who spoke each part, once known. */
  writer: ProviderId.nullable(),
  speakers: z.array(z.object({ speaker: StorySpeaker, provider: ProviderId, voice: z.string() })),
  segments: z.object({ done: z.number().int().min(0), total: z.number().int().min(0) }),
  /** Sample-accurate chapter starts of the finished audio, and the timed transcript. */
  chapters: z.array(z.object({ title: z.string(), startSec: z.number().min(0) })),
  transcript: z.array(StoryTranscriptLine),
  durationSec: z.number().min(0),
  /** The job making it (its log streams as `job.log` with this id). */
  jobId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Story = z.infer<typeof Story>;

export const StorySummary = Story.pick({ id: true, title: true, status: true, progress: true, durationSec: true, createdAt: true, updatedAt: true, error: true }).extend({
  style: StoryStyle,
  minutes: z.number(),
  source: z.string(),
});
export type StorySummary = z.infer<typeof StorySummary>;

export const STORY_PAGE = 100;

/** A finished story's message when there is nothing more to say of it (else the page shows it). */
export const STORY_READY = 'Ready';

/** An export's companions: the chapters JSON (Podcasting 2.0), the Markdown transcript, the
 *  cover, and for long stories one audio file per chapter. */
export const StoryExportFile = z.object({
  kind: z.enum(['chapters', 'transcript', 'cover', 'part']),
  title: z.string(),
  fileId: FileId,
  path: z.string(),
  bytes: z.number().int().min(0),
});
export const StoryExportResult = ExportResult.extend({ files: z.array(StoryExportFile) });
export type StoryExportResult = z.infer<typeof StoryExportResult>;

export const storyChannels = {
  /** The chat box before generating: a message (and the source, when given) → focus, depth, style,
   *  minutes and instructions. Written by the configured writer, else read offline. */
  'stories.intent': {
    input: z.object({ message: z.string().trim().min(3, 'say a few words about what you want to hear').max(2000), writer: ProviderId.optional() }).strict(),
    output: StoryIntent,
  },
  /** Validates, stores a 'pending' story and returns at once; progress arrives as events. */
  'stories.generate': { input: StoryRequest, output: z.object({ id: Id }) },
  'stories.list': {
    input: z.object({ query: z.string().max(200).optional(), limit: z.number().int().min(1).max(1000).default(STORY_PAGE) }).strict().prefault({}),
    output: z.array(StorySummary),
  },
  'stories.get': { input: ById, output: Story },
  'stories.cancel': { input: ById, output: Ok },
  /** Runs a failed, cancelled or interrupted story on from the step (and segment) it stopped at. */
  'stories.resume': { input: ById, output: z.object({ id: Id }) },
  /** Makes it again from scratch (cached provider results still cost nothing). */
  'stories.restart': { input: ById, output: z.object({ id: Id }) },
  'stories.delete': { input: ById, output: Ok },
  /** Its processing log (every job it had), in order, after `afterSeq`. */
  'stories.log': { input: z.object({ id: Id, afterSeq: z.number().int().min(0).default(0) }).strict(), output: z.array(JobLogEntry) },
  /** Plays through the player (it starts while later chapters are still being voiced). */
  'stories.play': { input: ById, output: PlaybackStatus },
  /** The cover, a PNG drawn locally (base64). */
  'stories.cover': { input: ById, output: z.object({ png: z.string().max(2_000_000), width: z.number().int(), height: z.number().int() }) },
  'stories.export': { input: ExportRequest, output: StoryExportResult },
} as const satisfies ChannelMap;

export const storyEvents = {
  /** A story was created, changed (status, progress) or deleted (`story: null`). */
  'story.updated': { payload: z.object({ id: Id, story: StorySummary.nullable() }) },
} as const satisfies EventMap;
