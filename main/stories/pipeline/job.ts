/**
 * A story as a durable job of the job runner (main/jobs), the seed's four agents as steps:
 *
 *   source     open the folder or fetch the URL (cached by commit), analyse it    → analyzing
 *   intent     what the message asks for (focus, depth, instructions)             → analyzing
 *   analyzer   an LLM summary of the architecture (or one composed offline)       → analyzing
 *   architect  the script, sized to the minutes by each voice's words per minute  → generating
 *   voice      the voice director: every segment voiced once, per speaker         → synthesizing
 *   fit        measured length against the request: one resize if it is far off  → synthesizing
 *   finish     sample-accurate chapters and the timed transcript                  → completed
 *
 * Each step stores its output (the runner's job_steps) and the story row is updated as it goes,
 * so a crash resumes at the unfinished step, and voicing at the first segment not in the cache.
 * LLM replies and voiced segments are cached by content hash: a repeated story costs no call.
 */
import { z } from 'zod';
import { KoruError } from '../../../contract/errors';
import { OFFLINE, type ProviderSettings } from '../../../contract/providers';
import { STORY_READY, StoryScript, type Story, type StoryIntent, type StoryRequest, type StoryStatus } from '../../../contract/stories';
import type { SegmentRef } from '../../audio';
import type { JobKind, StepContext } from '../../jobs';
import { PROVIDER_NAMES, ProviderError, type ProviderId } from '../../providers';
import type { SegmentCache } from '../../rituals';
import type { StoryRepo, StorySegment } from '../../storage';
import { analyze, type Analysis } from '../analysis/analyze';
import type { AnalysisThread } from '../analysis/thread';
import type { Sources } from '../source/source';
import { forTheEar } from '../ear';
import type { Log, StoryEmit, StoryProviders } from '../types';
import { repoFacts, type RepoFacts } from './facts';
import { mergeIntent, readIntentLlm, readIntentOffline } from './intent';
import { askJson, replyKey, scriptMessages, summaryMessages, type ReplyCache } from './llm';
import { writeOfflineStory } from './offline-writer';
import { defaultWpm, planSegments, scriptWords, wordsFor } from './plan';
import { storyTiming } from './timing';
import { createVoiceDirector } from './voice';

export { speakerFor } from './voice';

export const STORY_JOB = 'story';
/** The prompt's share of a model's context; stays far inside every current model's window. */
export const PACK_BUDGET_TOKENS = 60_000;
/** Extra attempts per step when its error says another can help (the seed's 2); the provider
 *  queues have retried each call already. */
export const STEP_RETRIES = 2;
/** Off by more than this after voicing, a script is resized once. */
export const FIT_TOLERANCE = 0.2;

export interface StoryJobInput {
  storyId: string;
}

export interface StoryJobDeps {
  repo: StoryRepo;
  cache: SegmentCache;
  providers: StoryProviders;
  sources: Sources;
  /** Where files are read and counted, and prompts packed (never the main thread). */
  thread: AnalysisThread;
  getProviderSettings: () => ProviderSettings;
  /** The rate chapters are measured at (the app's sample rate). */
  sampleRate: () => number;
  emit: StoryEmit;
  log: Log;
  onSegment(storyId: string, ref: SegmentRef): void;
  concurrency?: number;
}

interface SourceOutput {
  root: string;
  facts: RepoFacts;
}

export function summaryOf(s: Story) {
  const src = s.request.source;
  return {
    id: s.id,
    title: s.title,
    status: s.status,
    progress: s.progress,
    durationSec: s.durationSec,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    error: s.error,
    style: s.request.style,
    minutes: s.request.minutes,
    source: s.repo?.label ?? (src.kind === 'folder' ? src.path : src.url),
  };
}

/** Which writer: the request's, else the settings'; offline when that one has no key. */
export function writerFor(req: Pick<StoryRequest, 'writer'>, providers: StoryProviders, settings: ProviderSettings): ProviderId {
  const id = req.writer ?? settings.writer;
  return id !== OFFLINE && providers.isConfigured(id) ? id : OFFLINE;
}

/** What else decides a writer's reply (model, thinking budget): part of the reply cache's key. */
const writerScope = (settings: ProviderSettings, id: ProviderId) => JSON.stringify(settings[id]);

export function storyJobKind(deps: StoryJobDeps): JobKind<StoryJobInput> {
  const { repo } = deps;
  const updated = (s: Story): Story => {
    deps.emit('story.updated', { id: s.id, story: summaryOf(s) });
    return s;
  };
  const set = (id: string, patch: Parameters<StoryRepo['update']>[1]) => updated(repo.update(id, patch));
  const stage = (id: string, status: StoryStatus, message: string) => set(id, { status, message, error: null, problem: null });
  const cache: ReplyCache = { get: (key) => repo.cachedReply(key), put: (key, reply) => repo.cacheReply(key, 'llm', '', reply) };
  /** The finished script of the same story (same repository facts, intent, writer and voices), so
   *  an identical story is the identical script — and costs no call at all. */
  const scriptKey = (ctx: StepContext<StoryJobInput>) => {
    const story = repo.get(ctx.input.storyId);
    const w = writerOf(story.id);
    return replyKey('script', w.scope, [{ role: 'user', content: JSON.stringify([sourceOf(ctx).facts, story.intent, w.id, voicesOf(story.request)]) }]);
  };
  const writerOf = (id: string) => {
    const settings = deps.getProviderSettings();
    const w = writerFor(repo.get(id).request, deps.providers, settings);
    return { id: w, writer: w === OFFLINE ? null : deps.providers.writer(w), scope: w === OFFLINE ? '' : writerScope(settings, w) };
  };
  const sourceOf = (ctx: StepContext<StoryJobInput>) => ctx.outputs.source as SourceOutput;
  const paceOf = (provider: ProviderId, voice: string) => repo.pace(provider, voice) ?? defaultWpm(provider);

  async function architect(ctx: StepContext<StoryJobInput>, words: number): Promise<{ script: StoryScript; writer: ProviderId }> {
    const id = ctx.input.storyId;
    const story = repo.get(id);
    const intent = story.intent as StoryIntent;
    const { facts } = sourceOf(ctx);
    const w = writerOf(id);
    let script: StoryScript;
    if (!w.writer) script = writeOfflineStory({ facts, intent, words });
    else {
      const summary = (ctx.outputs.analyzer as { summary: string }).summary;
      const chapters = Math.max(3, Math.min(12, Math.round(intent.minutes / 2)));
      const messages = scriptMessages({ summary, facts: factsText(facts), intent, words, chapters });
      script = await askJson(w.writer, messages, StoryScript, { signal: ctx.signal, cache, scope: w.scope });
    }
    // Heard, not read: whatever code or punctuation slipped in becomes words.
    const podcast = intent.style === 'podcast';
    script = {
      ...script,
      chapters: script.chapters.map((c) => ({
        title: c.title,
        lines: c.lines.map((l) => ({ speaker: podcast ? l.speaker : ('host' as const), text: forTheEar(l.text) || '…' })).filter((l) => l.text !== '…'),
      })).filter((c) => c.lines.length > 0),
    };
    if (script.chapters.length === 0) throw new KoruError('PARSE_ERROR', 'The script came back without a single spoken line. Resume to write it again.', { problem: 'bad_llm_output' });
    return { script, writer: w.id };
  }

  function plan(id: string, script: StoryScript, writer: ProviderId, segments: StorySegment[], message: string): Story {
    return updated(repo.setSegments(id, segments, { script, title: script.title, writer, segmentsDone: 0, message }));
  }

  const director = createVoiceDirector({ ...deps, set });
  const { voicesOf, voicing, voiceAhead, voiceAll, measure } = director;

  /** The source step's analysis, for the analyzer step of the same run (after a restart of the
   *  app, it is made again). */
  const analyses = new Map<string, { root: string; analysis: Analysis }>();
  const analysisOf = async (ctx: StepContext<StoryJobInput>, root: string, label: string) => {
    const kept = analyses.get(ctx.input.storyId);
    analyses.delete(ctx.input.storyId);
    return kept?.root === root ? kept.analysis : analyze(root, { signal: ctx.signal, label, reader: deps.thread.read });
  };

  /** The typed problem of each story's last failure (the runner keeps only the message). */
  const lastProblem = new Map<string, string | null>();
  const kind: JobKind<StoryJobInput> = {
    kind: STORY_JOB,
    steps: [
      {
        name: 'source',
        weight: 1,
        async run(ctx) {
          const id = ctx.input.storyId;
          const req = repo.get(id).request;
          stage(id, 'analyzing', req.source.kind === 'git' ? 'Fetching the repository…' : 'Reading the folder…');
          const src = await deps.sources.open(req.source, {
            signal: ctx.signal,
            onProgress: (p) => p.phase === 'download' && p.bytes !== undefined && ctx.progress(0.2, `Downloading… ${(p.bytes / 1e6).toFixed(1)} MB`),
          });
          ctx.log('info', src.cached ? `Opened ${src.label}${src.commit ? ` at ${src.commit.slice(0, 12)}` : ''} (from the cache)` : `Opened ${src.label}${src.commit ? ` at ${src.commit.slice(0, 12)}` : ''} (${src.via})`);
          const a = await analyze(src.root, { signal: ctx.signal, label: src.label, reader: deps.thread.read, onProgress: (d, t) => ctx.progress(0.3 + (0.6 * d) / Math.max(1, t), `Reading files… ${d} of ${t}`) });
          const facts = repoFacts(a, { label: src.label, metadata: src.metadata });
          ctx.log('info', `Analysed ${a.totals.files} files, ${a.totals.tokens} tokens; ${a.chapters.length} candidate chapters`, { languages: facts.languages.slice(0, 4), complexity: a.complexity.score });
          set(id, {
            title: facts.name,
            repo: {
              label: src.label,
              url: src.url,
              commit: src.commit,
              files: a.totals.files,
              tokens: a.totals.tokens,
              languages: facts.languages.map((l) => ({ name: l.name, share: l.share })),
              description: facts.description,
              stars: facts.stars,
            },
          });
          analyses.set(id, { root: src.root, analysis: a });
          return { root: src.root, facts } satisfies SourceOutput;
        },
      },
      {
        name: 'intent',
        weight: 0.3,
        async run(ctx) {
          const id = ctx.input.storyId;
          const req = repo.get(id).request;
          let read: StoryIntent | null = null;
          if (req.message) {
            const w = writerOf(id);
            read = w.writer ? await readIntentLlm(w.writer, req.message, req, { signal: ctx.signal, cache, scope: w.scope }) : readIntentOffline(req.message, req);
          }
          const intent = mergeIntent(req, read);
          set(id, { intent });
          ctx.log('info', `Intent: a ${intent.minutes}-minute ${intent.style} for ${intent.depth === 'intermediate' || intent.depth === 'advanced' ? 'an' : 'a'} ${intent.depth} listener${intent.focus.length ? `, focus ${intent.focus.join(', ')}` : ''}`);
          return intent;
        },
      },
      {
        name: 'analyzer',
        weight: 1,
        async run(ctx) {
          const id = ctx.input.storyId;
          const w = writerOf(id);
          const { root, facts } = sourceOf(ctx);
          const intent = repo.get(id).intent as StoryIntent;
          if (!w.writer) {
            analyses.delete(id);
            const summary = offlineSummary(facts);
            ctx.log('info', 'The offline writer summarised the architecture from the analysis');
            return { summary, writer: OFFLINE };
          }
          set(id, { message: `${PROVIDER_NAMES[w.id]} is reading the code…` });
          const a = await analysisOf(ctx, root, facts.label);
          const packed = await deps.thread.pack(a, { budget: PACK_BUDGET_TOKENS, focus: intent.focus, title: facts.name, signal: ctx.signal });
          ctx.log('info', `Packed ${packed.files.length} files in ${packed.tokens} tokens (budget ${packed.budget}); ${packed.omitted} left out`);
          const { summary } = await askJson(w.writer, summaryMessages(packed.text, intent), SummaryReply, { signal: ctx.signal, cache, scope: w.scope });
          ctx.log('info', `${PROVIDER_NAMES[w.id]} summarised the architecture`);
          return { summary, writer: w.id };
        },
      },
      {
        name: 'architect',
        weight: 1.5,
        async run(ctx) {
          const id = ctx.input.storyId;
          const story = stage(id, 'generating', 'Writing the script…');
          const { provider, voices } = voicesOf(story.request);
          const wpm = (paceOf(provider, voices.host) + paceOf(provider, voices.guest)) / 2;
          const words = wordsFor((story.intent as StoryIntent).minutes, wpm);
          const kept = repo.cachedReply(scriptKey(ctx));
          const { script, writer } = kept ? (JSON.parse(kept) as { script: StoryScript; writer: ProviderId }) : await architect(ctx, words);
          ctx.signal.throwIfAborted();
          const v = voicing(story.request);
          const segments = planSegments(script, v.chain.maxChars);
          voiceAhead(ctx.input.storyId, ctx.signal, v, segments);
          if (kept) ctx.log('info', 'The same story was written before: its script is reused');
          else repo.cacheReply(scriptKey(ctx), 'script', '', JSON.stringify({ script, writer }));
          const s = plan(id, script, writer, segments, 'Script written');
          ctx.log('info', `${writer === OFFLINE ? 'The offline writer' : PROVIDER_NAMES[writer]} wrote "${script.title}": ${script.chapters.length} chapters, ${scriptWords(script)} words for ${words} wanted at ${Math.round(wpm)} words a minute; ${s.segments.total} segments`);
          return { writer, words: scriptWords(script), segments: s.segments.total, reused: kept !== null };
        },
      },
      {
        name: 'voice',
        weight: 6,
        async run(ctx) {
          const id = ctx.input.storyId;
          const story = stage(id, 'synthesizing', 'Voicing…');
          const { provider, voices } = voicesOf(story.request);
          ctx.log('info', `Voicing with ${PROVIDER_NAMES[provider]}: ${voices.host}${story.request.style === 'podcast' ? ` and ${voices.guest}` : ''}`);
          const calls = await voiceAll(ctx);
          ctx.log('info', `Voiced ${story.segments.total} segments (${calls} new, ${story.segments.total - calls} from the cache)`);
          return { calls };
        },
      },
      {
        name: 'fit',
        weight: 0.5,
        async run(ctx) {
          const id = ctx.input.storyId;
          const story = repo.get(id);
          const target = (story.intent as StoryIntent).minutes * 60;
          const { speechSec, wpm } = measure(id);
          const timing = storyTiming(repo.segments(id), (s) => (s.hash ? deps.cache.info(s.hash) : null), deps.sampleRate(), { bed: story.request.bed !== 'none', wpm });
          const ratio = timing.durationSec / target;
          ctx.log('info', `Measured ${Math.round(timing.durationSec)} s for ${target} s wanted (${Math.round(speechSec)} s of speech at ${Math.round(wpm)} words a minute)`);
          const reused = (ctx.outputs.architect as { reused?: boolean } | undefined)?.reused === true;
          if (Math.abs(ratio - 1) <= FIT_TOLERANCE || reused) return { measuredSec: timing.durationSec, resized: false };
          // Resize once with the measured pace; lines that stay the same come from the cache.
          const words = Math.round(scriptWords(story.script!) / ratio);
          set(id, { status: 'generating', message: `Resizing the script to ${words} words…` });
          const { script, writer } = await architect(ctx, words);
          plan(id, script, writer, planSegments(script, voicing(story.request).chain.maxChars), 'Script resized');
          repo.cacheReply(scriptKey(ctx), 'script', '', JSON.stringify({ script, writer }));
          ctx.log('info', `Resized the script to ${scriptWords(script)} words (${words} wanted)`);
          set(id, { status: 'synthesizing', message: 'Voicing…' });
          const calls = await voiceAll(ctx);
          return { measuredSec: timing.durationSec, resized: true, calls };
        },
      },
      {
        name: 'finish',
        weight: 0.3,
        run(ctx) {
          const id = ctx.input.storyId;
          const story = repo.get(id);
          const { wpm } = measure(id, true);
          const timing = storyTiming(repo.segments(id), (s) => (s.hash ? deps.cache.info(s.hash) : null), deps.sampleRate(), { bed: story.request.bed !== 'none', wpm });
          const titles = story.script?.chapters ?? [];
          // The offline writer says only what the analysis found: a small repository can run out
          // before the minutes asked. Said, not padded with repeats.
          const wanted = (story.intent as StoryIntent).minutes * 60;
          const short = story.writer === OFFLINE && timing.durationSec < wanted * (1 - FIT_TOLERANCE);
          const shortBy = `${Math.round(timing.durationSec / 60)} of the ${Math.round(wanted / 60)} minutes asked`;
          if (short) ctx.log('warn', `The offline writer said all it found in this repository in ${shortBy}; a text provider (Settings → Providers) can tell a longer story`);
          const done = set(id, {
            status: 'completed',
            progress: 100,
            message: short ? `${STORY_READY}: ${shortBy}, all the offline writer found to say` : STORY_READY,
            error: null,
            problem: null,
            durationSec: timing.durationSec,
            chapters: timing.chapters.map((c) => ({ title: titles[c.chapter]?.title ?? `Chapter ${c.chapter + 1}`, startSec: c.startSec })),
            transcript: timing.transcript,
            segmentsDone: story.segments.total,
          });
          ctx.log('info', `Ready: ${Math.round(done.durationSec)} s, ${done.chapters.length} chapters`);
          return { durationSec: done.durationSec };
        },
      },
    ],
    onChange(job, input) {
      if (job.status !== 'running') {
        analyses.delete(input.storyId);
        director.forget(input.storyId);
      }
      let story: Story;
      try {
        story = repo.get(input.storyId);
      } catch {
        return; // deleted meanwhile
      }
      if (job.status === 'running') {
        if (story.status !== 'completed') set(story.id, { progress: Math.round(job.progress * 1000) / 10, jobId: job.id, ...(job.message ? { message: job.message } : {}) });
        return;
      }
      if (job.status === 'failed' || job.status === 'cancelled' || job.status === 'interrupted') {
        const cancelled = job.status === 'cancelled';
        set(story.id, {
          status: cancelled ? 'cancelled' : 'failed',
          error: cancelled ? null : (job.error ?? job.message),
          problem: cancelled ? null : (lastProblem.get(story.id) ?? null),
          message: cancelled ? 'Cancelled' : 'Failed — press Resume to go on from here',
        });
      }
    },
  };
  kind.steps = kind.steps.map((step) => ({
    ...step,
    retries: STEP_RETRIES,
    async run(ctx: StepContext<StoryJobInput>) {
      lastProblem.delete(ctx.input.storyId);
      try {
        return await step.run(ctx);
      } catch (err) {
        lastProblem.set(ctx.input.storyId, problemOf(err));
        throw err;
      }
    },
  }));
  return kind;
}

/** What kind of failure, for the UI and the CLI: a source problem, `provider_auth`, … */
export function problemOf(err: unknown): string | null {
  if (err instanceof ProviderError) return `provider_${err.failure}`;
  if (err instanceof KoruError) {
    const p = (err.details as { problem?: unknown } | undefined)?.problem;
    return typeof p === 'string' ? p : err.code.toLowerCase();
  }
  return null;
}

const SummaryReply = z.object({ summary: z.string().trim().min(1).max(20_000) });


function offlineSummary(f: RepoFacts): string {
  const langs = f.languages.slice(0, 3).map((l) => `${l.name} (${Math.round(l.share * 100)}%)`).join(', ');
  const parts = f.chapters.filter((c) => c.kind === 'module').map((c) => c.title).slice(0, 6).join(', ');
  return `${f.name}: ${f.totals.files} files in ${langs || 'several languages'}; main parts ${parts || 'at the top level'}; ${f.dependencies.length} dependencies; complexity ${f.complexity.score}/100.`;
}

/** The facts as the writer's prompt gives them (compact, no file contents). */
function factsText(f: RepoFacts): string {
  const files = f.chapters.flatMap((c) => c.keyFiles.map((k) => `- ${k.path} (${k.language}, ${k.lines} lines, used by ${k.usedBy})${k.declares.length ? `: ${k.declares.map((d) => `${d.kind} ${d.name}`).join(', ')}` : ''}${k.says ? ` — ${k.says}` : ''}`));
  return [
    `Name: ${f.name}${f.description ? ` — ${f.description}` : ''}`,
    `Files: ${f.totals.files}, lines of code: ${f.totals.codeLines}; languages: ${f.languages.map((l) => `${l.name} ${Math.round(l.share * 100)}%`).join(', ')}`,
    `Dependencies: ${f.dependencies.slice(0, 30).map((d) => d.name).join(', ') || 'none'}`,
    `Entry points: ${f.entryPoints.join(', ') || 'none found'}; tests: ${f.tests}; CI: ${f.ci.join(', ') || 'none'}`,
    `Candidate chapters: ${f.chapters.map((c) => c.title).join('; ')}`,
    'Key files:',
    ...files,
  ].join('\n');
}

export type { SourceOutput };
