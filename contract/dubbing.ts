import { z } from 'zod';
import { ById, Ok, type ChannelMap, type EventMap } from './channel-map';
import { ExportFormat, ExportId, ExportResult } from './exports';
import { FileId, FileInfo } from './files';
import { canWrite, hasCapability, ProviderId } from './providers';
import { Id, PlaybackStatus } from './session';

/**
 * The dubbing studio: an audio or video file → decoded → transcribed (or its SRT/VTT imported) →
 * translated → re-voiced segment by segment, each fitted into its source slot → mixed over the
 * original (ducked) or alone, exactly the source's length. Long work runs as one job of the job
 * runner (steps decode, transcribe, translate, voice, mix); edits re-run only what they change.
 */

/** Caps stated in every refusal; the file size cap is FILE_CAPS.audio (./limits). */
export const DUB_MAX_SOURCE_SEC = 2 * 3600;
export const DUB_MAX_SEGMENTS = 5000;
export const DUB_TEXT_MAX = 2000;
/** A line's id within its dub: `s1` … `s5000`, the line's place counted from 1. */
export const dubSegmentId = (idx: number): string => `s${idx + 1}`;
const SEGMENT_ID_MAX = dubSegmentId(DUB_MAX_SEGMENTS - 1).length;
export const DubSegmentId = z
  .string()
  .max(SEGMENT_ID_MAX, `a line id has at most ${SEGMENT_ID_MAX} characters`)
  .regex(/^s\d+$/, 'not a line of this dub');
export const DUB_GLOSSARY_MAX = 200;
/** Stretch limits a person may choose; the default is the 1.25×. */
export const STRETCH_MIN = 1;
export const STRETCH_MAX = 2;
export const DUCK_DB_MIN = -60;
export const DUCK_DB_MAX = 0;
/** Waveform overview points (min/max pairs) the page draws. */
export const DUB_PEAKS = 1200;

export const DubMix = z.enum(['over', 'dub-only']);
export type DubMix = z.infer<typeof DubMix>;

export const DUB_DEFAULTS = { maxStretch: 1.25, duckDb: -18, mix: 'over' } as const satisfies { maxStretch: number; duckDb: number; mix: DubMix };

/** A language by name ("French") or BCP-47 code ("fr", "pt-BR"). */
export const Language = z
  .string()
  .trim()
  .min(2, 'name a language, e.g. French or fr')
  .max(40, 'a language name may be at most 40 characters')
  .regex(/^[\p{L}][\p{L}\p{M} ()-]*$/u, 'a language is a name like French or a code like pt-BR');

const StretchLimit = z.number().min(STRETCH_MIN, `the stretch limit is ${STRETCH_MIN}× to ${STRETCH_MAX}×`).max(STRETCH_MAX, `the stretch limit is ${STRETCH_MIN}× to ${STRETCH_MAX}×`);
const DuckDb = z.number().min(DUCK_DB_MIN, `ducking is ${DUCK_DB_MIN} to ${DUCK_DB_MAX} dB`).max(DUCK_DB_MAX, `ducking is ${DUCK_DB_MIN} to ${DUCK_DB_MAX} dB`);
const Transcriber = ProviderId.refine((p) => hasCapability(p, 'transcribe'), 'that provider does not transcribe');
const Writer = ProviderId.refine((p) => p !== 'offline' && canWrite(p), 'that provider does not translate');
const Text = z.string().trim().max(DUB_TEXT_MAX, `a line may be at most ${DUB_TEXT_MAX} characters`);

export const DubRequest = z
  .object({
    /** The audio or video file (an upload or a dialog choice). */
    fileId: FileId,
    title: z.string().trim().min(1).max(120).optional(),
    /** Target language. Equal to the source language: voice replacement (no translation). */
    to: Language,
    /** Source language; default: what transcription detects. */
    from: Language.optional(),
    /** An SRT or VTT to use instead of transcribing (works offline). */
    transcriptFileId: FileId.optional(),
    transcriber: Transcriber.optional(),
    /** Who translates; default: the settings' writer. */
    writer: Writer.optional(),
    /** Speech provider to try first (the chain still ends with the offline voice). */
    speechProvider: ProviderId.optional(),
    voice: z.string().trim().min(1).max(120).optional(),
    maxStretch: StretchLimit.default(DUB_DEFAULTS.maxStretch),
    duckDb: DuckDb.default(DUB_DEFAULTS.duckDb),
    mix: DubMix.default(DUB_DEFAULTS.mix),
    /** Terms never translated (names, mantras, brands). */
    glossary: z.array(z.string().trim().min(1).max(100)).max(DUB_GLOSSARY_MAX, `at most ${DUB_GLOSSARY_MAX} glossary terms`).default([]),
  })
  .strict();
export type DubRequest = z.infer<typeof DubRequest>;
export type DubRequestInput = z.input<typeof DubRequest>;

export const DubStepName = z.enum(['decode', 'transcribe', 'translate', 'voice', 'mix']);
export type DubStepName = z.infer<typeof DubStepName>;
export const DUB_STEPS = DubStepName.options;

export const DubStep = z.object({
  name: DubStepName,
  state: z.enum(['pending', 'running', 'done', 'failed', 'cancelled']),
  fraction: z.number().min(0).max(1),
});
export type DubStep = z.infer<typeof DubStep>;

export const DubSource = z.object({
  /** The file's name as chosen or uploaded. */
  name: z.string(),
  /** e.g. "MP3", "Ogg Opus", "MP4 (AAC)". */
  format: z.string(),
  video: z.boolean(),
  sampleRate: z.number().int().min(8000).max(384_000),
  channels: z.number().int().min(1).max(2),
  frames: z.number().int().min(1),
  durationSec: z.number().min(0),
});
export type DubSource = z.infer<typeof DubSource>;

export const DubSegment = z.object({
  /** Stable through translation and edits: "s1", "s2", … */
  id: z.string(),
  sourceStart: z.number().min(0),
  sourceEnd: z.number().min(0),
  sourceText: z.string(),
  /** null until translated. */
  targetText: z.string().nullable(),
  speaker: z.string().nullable(),
  /** Voiced (its speech was made and cached). */
  voiced: z.boolean(),
  /** Where the dub sits once mixed (seconds), its stretch (1 = natural speed) and whether it
   *  needed more than the limit to avoid overlapping the next line. */
  dubStart: z.number().nullable(),
  dubEnd: z.number().nullable(),
  stretch: z.number().nullable(),
  overLimit: z.boolean(),
});
export type DubSegment = z.infer<typeof DubSegment>;

export const DubStatus = z.enum(['working', 'ready', 'failed', 'cancelled']);
export type DubStatus = z.infer<typeof DubStatus>;

export const DubSummary = z.object({
  id: Id,
  title: z.string(),
  status: DubStatus,
  to: z.string(),
  durationSec: z.number().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type DubSummary = z.infer<typeof DubSummary>;

export const Dub = DubSummary.extend({
  request: DubRequest,
  error: z.string().nullable(),
  source: DubSource.nullable(),
  /** Source language as transcription reported it (or the request's `from`). */
  sourceLanguage: z.string().nullable(),
  /** True when `to` is the source language: the text is re-voiced as it is. */
  voiceReplacement: z.boolean(),
  steps: z.array(DubStep),
  segments: z.array(DubSegment).max(DUB_MAX_SEGMENTS),
  /** Waveform overview: DUB_PEAKS pairs [min, max] in −1…1, flattened; empty until decoded. */
  peaks: z.array(z.number()).max(DUB_PEAKS * 2),
});
export type Dub = z.infer<typeof Dub>;

export const DubOptionsPatch = z.object({ maxStretch: StretchLimit, duckDb: DuckDb, mix: DubMix }).partial().strict();
export type DubOptionsPatch = z.infer<typeof DubOptionsPatch>;

export const DubTrack = z.enum(['original', 'dub']);
export type DubTrack = z.infer<typeof DubTrack>;

/** What an export wrote: the audio through the export pipeline, and the text files beside it. */
export const DubExport = z.object({
  audio: ExportResult,
  files: z.array(FileInfo),
});
export type DubExport = z.infer<typeof DubExport>;

export const dubbingChannels = {
  /** Starts the job at once; progress comes as `job.updated` and `dubbing.updated`. */
  'dubbing.create': { input: DubRequest, output: Dub },
  'dubbing.list': { input: z.object({}).strict().default({}), output: z.array(DubSummary) },
  'dubbing.get': { input: ById, output: Dub },
  /** Edit one line: a changed source is translated again, then that line alone is re-voiced. */
  'dubbing.segment.update': {
    input: z
      .object({ id: Id, segmentId: DubSegmentId, sourceText: Text.min(1).optional(), targetText: Text.min(1).optional() })
      .strict()
      .refine((v) => v.sourceText !== undefined || v.targetText !== undefined, 'change the source or the target text'),
    output: Dub,
  },
  /** Stretch limit, ducking depth, mix: the segments are fitted and mixed again (no provider call). */
  'dubbing.options.update': { input: z.object({ id: Id, patch: DubOptionsPatch }).strict(), output: Dub },
  'dubbing.resume': { input: ById, output: Dub },
  'dubbing.cancel': { input: ById, output: Ok },
  'dubbing.delete': { input: ById, output: Ok },
  /** A/B: the original or the dub from `atSec` (switching keeps the position). */
  'dubbing.play': { input: z.object({ id: Id, track: DubTrack, atSec: z.number().min(0).max(DUB_MAX_SOURCE_SEC).optional() }).strict(), output: PlaybackStatus },
  /** Dubbed audio (WAV/MP3, exactly the source's length), SRT and VTT in both languages, the
   *  bilingual transcript and segments.json, in the export folder. */
  'dubbing.export': { input: z.object({ id: Id, format: ExportFormat, exportId: ExportId.optional() }).strict(), output: DubExport },
} as const satisfies ChannelMap;

export const dubbingEvents = {
  /** A dub was created, changed status or was deleted (`dub` null). */
  'dubbing.updated': { payload: z.object({ id: Id, dub: DubSummary.nullable() }) },
} as const satisfies EventMap;
