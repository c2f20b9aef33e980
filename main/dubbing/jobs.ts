/** A dub as a job of the job runner: decode → transcribe → translate → voice → mix. Each step
 *  reads what it needs from the dub's rows and does only what is missing there (a decoded
 *  source, the lines, their translations, their voiced speech, their fits), so the same steps
 *  serve a first run, a resume after a crash or cancel, and an edit of one line (which clears
 *  that line's speech and fit alone: one speech call, one fit). */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DUB_MAX_SEGMENTS, DUB_STEPS, dubSegmentId, type DubStepName } from '../../contract/dubbing';
import { KoruError } from '../../contract/errors';
import { OFFLINE, providersThat, speechModelOf, voiceOf, type ProviderSettings } from '../../contract/providers';
import type { Job } from '../../contract/jobs';
import type { JobKind } from '../jobs';
import { chunkText, concurrencyFor, OFFLINE_VOICES, PROVIDER_NAMES, type ProviderId, type SpeechAudio, type SpeechChain, type TextWriter, type Transcriber } from '../providers';
import { resample } from '../audio';
import { speechHash, type SegmentCache, type SpeechKey } from '../rituals';
import type { DubFit, DubRepo, DubRow, FileStore, StoredDubSegment } from '../storage';
import { decodeToFile, type Decoded } from './decode';
import { planFit, timeStretch, trimSilence } from './fit';
import { languageKey, languageName, sameLanguage } from './language';
import { parseSubtitles } from './subtitles';
import { transcribeSource } from './transcribe';
import { translateLines, type Line } from './translate';

export const DUB_JOB = 'dub';

export interface DubJobInput {
  dubId: string;
}

/** Share of the progress bar per step. */
export const STEP_WEIGHTS: Readonly<Record<DubStepName, number>> = { decode: 1, transcribe: 2, translate: 1, voice: 4, mix: 1 };

export interface DubProviders {
  speech(order?: ProviderId[]): SpeechChain;
  writer(id?: ProviderId): TextWriter;
  transcriber(id?: ProviderId): Transcriber;
  isConfigured(id: ProviderId): boolean;
}

export interface DubJobDeps {
  repo: DubRepo;
  files: FileStore;
  cache: SegmentCache;
  providers: DubProviders;
  getProviderSettings: () => ProviderSettings;
  /** The path behind an uploaded or chosen file, and a text file's contents. */
  input: { pathOf(fileId: string): string; nameOf(fileId: string): string; readSubtitles(fileId: string): string };
  decode(job: { input: string; output: string; name: string }, signal: AbortSignal, onProgress: (f: number) => void): Promise<Decoded>;
  /** Told whenever a dub's row changed (the page refreshes). */
  changed(id: string): void;
  /** Lines voiced at once (default: the first voice's concurrency; its queue limits it anyway). */
  concurrency?: number;
}

export const sourceFile = (id: string) => `dubbing/${id}/source.s16`;
/** Named by everything that decides its content and length: two lines with the same words whose
 *  stretches round alike must not share a file of another length. */
export const fitFile = (id: string, hash: string, stretch: number, rate: number, samples: number) => `dubbing/${id}/fit/${hash.slice(0, 32)}-${Math.round(stretch * 1e6)}-${rate}-${samples}.f32`;
export const segmentId = dubSegmentId;

/** The source language: what the person said, else what transcription heard. */
export const sourceLanguageOf = (d: DubRow) => d.request.from ?? d.sourceLanguage;
export const isVoiceReplacement = (d: DubRow) => sameLanguage(d.request.to, sourceLanguageOf(d));

/** Decodes with the default in-thread decoder (tests, the CLI's own thread). */
export const decodeHere: DubJobDeps['decode'] = (job, signal, onProgress) =>
  decodeToFile(job.input, job.output, { name: job.name, cancelled: () => signal.aborted, onProgress });

export function dubJobKind(deps: DubJobDeps): JobKind<DubJobInput> {
  const { repo, files } = deps;
  const step = (name: DubStepName, retries: number, run: JobKind<DubJobInput>['steps'][number]['run']) => ({ name, weight: STEP_WEIGHTS[name], retries, run });

  return {
    kind: DUB_JOB,
    steps: [
      step('decode', 0, async ({ input, signal, progress, log }) => {
        const id = input.dubId;
        const d = repo.get(id);
        if (d.source && existsSync(files.resolve(sourceFile(id)))) return { kept: true };
        const output = files.resolve(sourceFile(id));
        mkdirSync(dirname(output), { recursive: true });
        progress(0, 'Decoding…');
        // Fractions alone: the runner stores those at most 4× a second (a message is stored every
        // time, and the decoder reports every few milliseconds).
        const decoded = await deps.decode({ input: deps.input.pathOf(d.request.fileId), output, name: deps.input.nameOf(d.request.fileId) }, signal, (f) => progress(f));
        repo.update(id, { source: decoded.source, peaks: decoded.peaks });
        deps.changed(id);
        log('info', `Decoded ${decoded.source.format}: ${decoded.source.durationSec.toFixed(1)} s, ${decoded.source.sampleRate} Hz, ${decoded.source.channels === 1 ? 'mono' : 'stereo'}`);
        return { frames: decoded.source.frames, format: decoded.source.format };
      }),

      step('transcribe', 1, async ({ input, signal, progress, log }) => {
        const id = input.dubId;
        const d = repo.get(id);
        if (repo.segments(id).length > 0) return { kept: true };
        const source = d.source!;
        let lines: Array<{ start: number; end: number; text: string; speaker?: string }>;
        let language: string | null = null;
        let by: string;
        if (d.request.transcriptFileId) {
          const name = deps.input.nameOf(d.request.transcriptFileId);
          lines = parseSubtitles(deps.input.readSubtitles(d.request.transcriptFileId), name, source.durationSec);
          by = `imported from ${name}`;
        } else {
          const transcriber = pickTranscriber(deps, d);
          const res = await transcribeSource({
            transcriber,
            path: files.resolve(sourceFile(id)),
            source,
            ...(d.request.from ? { language: languageKey(d.request.from) } : {}),
            signal,
            onProgress: (f, m) => progress(f, m),
            log: (action, details) => log('info', action, details),
          });
          lines = res.segments;
          language = res.language;
          by = `transcribed by ${PROVIDER_NAMES[transcriber.provider]}${res.requests > 1 ? ` in ${res.requests} pieces` : ''}`;
        }
        if (lines.length === 0) throw new KoruError('PARSE_ERROR', 'No speech was found to dub: the transcript is empty.');
        if (lines.length > DUB_MAX_SEGMENTS) throw new KoruError('BAD_INPUT', `The transcript has ${lines.length} lines; Koru dubs at most ${DUB_MAX_SEGMENTS}.`);
        signal.throwIfAborted();
        const segments: StoredDubSegment[] = lines.map((l, idx) => ({
          idx,
          sourceStart: l.start,
          sourceEnd: l.end,
          sourceText: l.text.slice(0, 2000),
          targetText: null,
          speaker: l.speaker ?? null,
          speechHash: null,
          fit: null,
        }));
        repo.setSegments(id, segments);
        if (language && !d.request.from) repo.update(id, { sourceLanguage: language });
        deps.changed(id);
        log('info', `${segments.length} lines, ${by}${language ? ` (language: ${language})` : ''}`);
        return { lines: segments.length, language };
      }),

      step('translate', 1, async ({ input, signal, progress, log }) => {
        const id = input.dubId;
        const d = repo.get(id);
        const all = repo.segments(id);
        const todo = all.filter((s) => s.targetText === null);
        if (todo.length === 0) return { kept: true };
        if (isVoiceReplacement(d)) {
          for (const s of todo) repo.updateSegment(id, s.idx, { targetText: s.sourceText });
          deps.changed(id);
          log('info', `The target is the source language (${languageName(d.request.to)}): voice replacement, the text is re-voiced as it is`);
          return { voiceReplacement: true, lines: todo.length };
        }
        const writerId = d.request.writer ?? deps.getProviderSettings().writer;
        if (writerId === OFFLINE || !deps.providers.isConfigured(writerId)) {
          throw new KoruError(
            'BAD_INPUT',
            `Translating into ${languageName(d.request.to)} needs a text provider (${providersThat('text').map((p) => PROVIDER_NAMES[p]).join(' or ')}) with a key — add one in Settings → Providers. Offline, Koru can only re-voice in the source language${sourceLanguageOf(d) ? ` (${languageName(sourceLanguageOf(d)!)})` : `; if the recording is already in ${languageName(d.request.to)}, give that as its language (From, or --from)`}.`,
          );
        }
        const lineOf = (s: StoredDubSegment): Line => ({ id: segmentId(s.idx), text: s.sourceText, seconds: slotSec(all, s, d.source!.durationSec) });
        const got = await translateLines({
          writer: deps.providers.writer(writerId),
          lines: todo.map(lineOf),
          all: all.map(lineOf),
          from: sourceLanguageOf(d) ? languageName(sourceLanguageOf(d)!) : null,
          to: languageName(d.request.to),
          glossary: d.request.glossary,
          signal,
          onProgress: (done, total) => progress(done / total, `Translated ${done} of ${total}`),
          log: (level, action, details) => log(level, action, details),
        });
        for (const s of todo) repo.updateSegment(id, s.idx, { targetText: got.get(segmentId(s.idx))!.slice(0, 2000) });
        deps.changed(id);
        log('info', `${PROVIDER_NAMES[writerId]} translated ${todo.length} lines into ${languageName(d.request.to)}`);
        return { lines: todo.length, writer: writerId };
      }),

      step('voice', 1, async ({ input, signal, progress, log }) => {
        const id = input.dubId;
        const d = repo.get(id);
        const all = repo.segments(id);
        const todo = all.filter((s) => s.targetText !== null && !(s.speechHash && deps.cache.has(s.speechHash)));
        if (todo.length === 0) return { kept: true };
        const settings = deps.getProviderSettings();
        const order = d.request.speechProvider ? [d.request.speechProvider, ...settings.speechOrder.filter((p) => p !== d.request.speechProvider)] : settings.speechOrder;
        const chain = deps.providers.speech(order);
        await chain.prepare?.(signal).catch(() => undefined);
        const primary = chain.providers[0] ?? OFFLINE;
        const voiceFor = (p: ProviderId) => (p === primary && d.request.voice ? d.request.voice : p === OFFLINE ? offlineVoiceFor(d.request.to, settings) : (voiceOf(settings, p) ?? ''));
        const keyFor = (p: ProviderId, text: string): SpeechKey => ({ provider: p, model: speechModelOf(settings, p), voice: voiceFor(p), text });
        const told = new Set<ProviderId>();
        let done = 0;
        let calls = 0;
        const fitter = lineFitter(deps, d, all);
        const voice = async (s: StoredDubSegment) => {
          const text = s.targetText!;
          let hash = chain.providers.map((p) => speechHash(keyFor(p, text))).find((h) => deps.cache.has(h)) ?? null;
          let audio: SpeechAudio | null = null;
          if (!hash) {
            const parts: SpeechAudio[] = [];
            let by: ProviderId = primary;
            for (const c of chunkText(text, chain.maxChars)) {
              const spoken = await chain.speakDetailed({ text: c.text, voice: voiceFor(primary), signal });
              calls++;
              by = spoken.provider;
              for (const skip of spoken.skipped) {
                if (told.has(skip.provider)) continue;
                told.add(skip.provider);
                log('warn', `${PROVIDER_NAMES[skip.provider]} could not speak (${skip.error.message}); ${PROVIDER_NAMES[spoken.provider]} spoke instead`);
              }
              parts.push(spoken.audio);
            }
            signal.throwIfAborted();
            audio = join(parts);
            hash = deps.cache.write(keyFor(by, text), audio).hash;
          }
          // Fitted now, while other lines are still with the provider, so the mix step finds
          // little left to do (a fit that fails here is tried again there, and reported).
          const fit = await fitter(s, hash, audio, signal).catch(() => null);
          repo.updateSegment(id, s.idx, { speechHash: hash, fit });
          done++;
          progress(done / todo.length, `Voiced ${done} of ${todo.length}`);
        };
        let next = 0;
        await Promise.all(
          // As many lines at once as the first voice takes requests (its queue enforces it anyway).
          Array.from({ length: Math.max(1, deps.concurrency ?? concurrencyFor(settings, primary)) }, async () => {
            while (next < todo.length) {
              signal.throwIfAborted();
              await voice(todo[next++]!);
            }
          }),
        );
        deps.changed(id);
        log('info', `Voiced ${todo.length} line${todo.length === 1 ? '' : 's'} (${calls} speech request${calls === 1 ? '' : 's'}; the rest came from the cache)`);
        return { lines: todo.length, calls };
      }),

      step('mix', 0, async ({ input, signal, progress, log }) => {
        const id = input.dubId;
        const d = repo.get(id);
        const all = repo.segments(id);
        const fitter = lineFitter(deps, d, all);
        let fitted = 0;
        for (const [k, s] of all.entries()) {
          signal.throwIfAborted();
          if (s.fit && files.exists(s.fit.path)) continue;
          if (!s.speechHash) throw new KoruError('CONFLICT', `Line ${segmentId(s.idx)} has no voice yet; resume the dub.`);
          repo.updateSegment(id, s.idx, { fit: await fitter(s, s.speechHash, null, signal) });
          fitted++;
          progress((k + 1) / all.length, `Fitted ${k + 1} of ${all.length}`);
        }
        const over = repo.segments(id).filter((s) => s.fit?.overLimit);
        for (const s of over) {
          log('warn', `Line ${segmentId(s.idx)} needed ${s.fit!.stretch.toFixed(2)}× (over the ${d.request.maxStretch}× limit) to end before the next line — shorten its text`, { id: segmentId(s.idx), stretch: s.fit!.stretch });
        }
        // The promise of the mix: no line runs into the next.
        const fits = repo.segments(id).map((s) => s.fit!);
        const overlap = Math.max(0, ...fits.slice(1).map((f, k) => fits[k]!.dubEnd - f.dubStart));
        if (overlap > 1e-6) throw new KoruError('INTERNAL', `Two dubbed lines overlap by ${(overlap * 1000).toFixed(0)} ms.`);
        repo.update(id, { status: 'ready', error: null });
        deps.changed(id);
        log('info', `Mixed: ${all.length} line${all.length === 1 ? '' : 's'}${fitted ? ` (${fitted} fitted in this step, the rest as they were voiced)` : ', each fitted as it was voiced'}${over.length ? `, ${over.length} over the stretch limit` : ''}; no overlap`);
        return { fitted, overLimit: over.length };
      }),
    ],
    onChange(job: Job, input) {
      if (job.status !== 'failed' && job.status !== 'cancelled' && job.status !== 'interrupted') return;
      try {
        repo.update(input.dubId, { status: job.status === 'cancelled' ? 'cancelled' : 'failed', error: job.status === 'cancelled' ? null : (job.error ?? job.message) });
        deps.changed(input.dubId);
      } catch {
        /* deleted meanwhile */
      }
    },
  };
}

/** Fits one voiced line into its slot: the voice's silence trimmed, stretched as planned (Sonic),
 *  brought to the source's rate (so neither the export nor the player resamples it again) and
 *  stored as raw Float32 under the dub. `audio`: the voice if at hand, else read from the cache. */
function lineFitter(deps: DubJobDeps, d: DubRow, all: readonly StoredDubSegment[]) {
  const rate = d.source!.sampleRate;
  const duration = d.source!.durationSec;
  const nextStart = new Map(all.map((x, k) => [x.idx, all[k + 1]?.sourceStart ?? duration]));
  return async (s: StoredDubSegment, hash: string, audio: SpeechAudio | null, signal: AbortSignal): Promise<DubFit> => {
    const voice = audio ?? deps.cache.read(hash);
    if (!voice) throw new KoruError('STORAGE', `The voice of line ${segmentId(s.idx)} is missing from the data folder; resume the dub to voice it again.`);
    const speech = trimSilence(voice.samples, voice.sampleRate);
    const slot = (nextStart.get(s.idx) ?? duration) - s.sourceStart;
    const plan = planFit(speech.length / voice.sampleRate, s.sourceEnd - s.sourceStart, slot, d.request.maxStretch);
    const stretched = await timeStretch(speech, voice.sampleRate, plan.stretch);
    signal.throwIfAborted();
    const out = voice.sampleRate === rate ? stretched : resample(stretched, voice.sampleRate, rate);
    const path = fitFile(d.id, hash, plan.stretch, rate, out.length);
    deps.files.writeAtomic(path, new Uint8Array(out.buffer, out.byteOffset, out.byteLength));
    return { dubStart: s.sourceStart, dubEnd: s.sourceStart + out.length / rate, stretch: plan.stretch, overLimit: plan.overLimit, path, sampleRate: rate, samples: out.length };
  };
}

/** The request's transcriber, else the first one with a key; none: say how to go on offline. */
function pickTranscriber(deps: DubJobDeps, d: DubRow): Transcriber {
  const candidates = providersThat('transcribe');
  const id = d.request.transcriber ?? candidates.find((p) => deps.providers.isConfigured(p));
  if (!id || !deps.providers.isConfigured(id)) {
    throw new KoruError(
      'BAD_INPUT',
      `Transcribing needs ${candidates.map((p) => PROVIDER_NAMES[p]).join(', ')} with a key — add one in Settings → Providers, or import the transcript as SRT or VTT (that works offline). No speech-recognition model ships with Koru.`,
    );
  }
  return deps.providers.transcriber(id);
}

/** Seconds a line may take: up to the next line's start (or the end). */
export function slotSec(all: readonly StoredDubSegment[], s: StoredDubSegment, durationSec: number): number {
  const next = all.find((x) => x.idx === s.idx + 1);
  return Math.max(s.sourceEnd - s.sourceStart, (next ? next.sourceStart : durationSec) - s.sourceStart);
}

/** The offline voice for the target language when there is one (espeak-ng speaks many). */
function offlineVoiceFor(to: string, settings: ProviderSettings): string {
  const key = languageKey(to);
  const configured = voiceOf(settings, OFFLINE) ?? 'en-gb';
  if (OFFLINE_VOICES.find((v) => v.id === configured)?.language === key) return configured;
  return OFFLINE_VOICES.find((v) => v.language === key)?.id ?? configured;
}

function join(parts: SpeechAudio[]): SpeechAudio {
  if (parts.length === 1) return parts[0]!;
  const rate = parts[0]!.sampleRate;
  const xs = parts.map((p) => (p.sampleRate === rate ? p.samples : resample(p.samples, p.sampleRate, rate)));
  const out = new Float32Array(xs.reduce((n, x) => n + x.length, 0));
  let at = 0;
  for (const x of xs) {
    out.set(x, at);
    at += x.length;
  }
  return { samples: out, sampleRate: rate };
}

export { DUB_STEPS };
