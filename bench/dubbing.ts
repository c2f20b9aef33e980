/**
 * Dubbing benchmarks, side by side in one run:
 *  1. decode throughput per container/codec (× real time): a 2-minute speech-over-tone recording
 *     (the tests' eSpeak fixture, looped) made with Debian's ffmpeg in every format Koru decodes,
 *     decoded to the headerless 16-bit file the dub works from (audio-decode, wasm);
 *  2. peak RSS decoding a 1-hour 128 kbps MP3, in a child process of its own
 *     (bench/dubbing-decode.ts: the kernel's maxRSS from process.resourceUsage). Goal < 300 MB;
 *  3. a 10-minute recording dubbed end to end (decode → transcribe → translate → voice → mix, then
 *     the WAV export) with the real OpenAI SDK on the mock at realistic latency: wall time, the
 *     time some provider request was in flight, and Koru's own share — the wall time in which no
 *     provider request was (goal < 10 % of the provider time);
 *  4. sync error over all its lines: where each dubbed line really starts in the rendered
 *     dub-only WAV against its source line's start (max and mean, ms).
 *  5. the same with a real voice: the offline voice re-voicing 36 lines from a transcript of where
 *     they truly are; each line's first sound against its start (max and mean, ms; goal < 20).
 * Run standalone: `npx tsx bench/dubbing.ts [codecs] [hour] [ten] [sync]` (default: all).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DUB_STEPS } from '../contract/dubbing';
import { ProviderSettings, type ProviderId } from '../contract/providers';
import { Settings } from '../contract/settings';
import { createDubbingService, decodeToFile } from '../main/dubbing';
import { buildSubtitles } from '../main/dubbing/subtitles';
import { createFileRegistry } from '../main/files';
import { createProviders, type SpeechChain, type TextWriter, type Transcriber } from '../main/providers';
import { createMemorySecretStore } from '../main/secrets';
import { createFileStore, openDatabase } from '../main/storage';
import { encodeFixture, ENCODINGS, makeSpeechFixture } from '../test/dubbing-fixture';
import { readWav } from '../test/audio-files';
import { OPENAI_MOCK_KEY, realisticLatency, startOpenAIMock } from '../test/mocks';

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

/** Sentences of a lesson, spoken in turn and cycled to fill the long recording. */
const SENTENCES = [
  'Welcome to the lesson.',
  'Today we breathe slowly.',
  'Let the shoulders soften.',
  'Notice the weight of your hands.',
  'Breathe in through the nose.',
  'Let the breath out gently, a little longer than it came in.',
  'If the mind wanders, that is fine.',
  'Simply come back to the breath.',
  'Feel the ground holding you.',
  'Rest here for a moment.',
  'Now widen your attention to the room around you.',
  'Thank you for practising today.',
];

/** A WAV of about `sec` seconds: the sentences cycled with natural pauses (each voiced once);
 *  only its path and size are kept, not the samples. */
async function recording(dir: string, sec: number): Promise<{ wav: string; frames: number; sampleRate: number }> {
  const once = await makeSpeechFixture(dir, { lines: SENTENCES, pauseSec: 0.8 });
  const perLine = (once.lines.at(-1)!.end - once.lines[0]!.start + 0.8) / SENTENCES.length;
  const lines = Array.from({ length: Math.round(sec / perLine) }, (_, i) => SENTENCES[i % SENTENCES.length]!);
  const fx = await makeSpeechFixture(dir, { lines, pauseSec: 0.8 });
  return { wav: fx.wav, frames: fx.frames, sampleRate: fx.sampleRate };
}

async function decodeThroughput(dir: string): Promise<Record<string, number>> {
  const base = join(dir, 'codecs');
  mkdirSync(base, { recursive: true });
  const fx = await makeSpeechFixture(base, { lines: SENTENCES.slice(0, 4), pauseSec: 0.8 });
  const seconds = 120;
  const wav = join(base, 'long.wav');
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-stream_loop', '-1', '-i', fx.wav, '-t', String(seconds), '-c:a', 'pcm_s16le', wav]);
  const out: Record<string, number> = {};
  for (const name of ['long.wav', ...Object.keys(ENCODINGS).map((n) => n.replace('speech', 'long'))]) {
    const file = name === 'long.wav' ? wav : encodeFixture(wav, name.replace('long', 'speech'));
    const t0 = performance.now();
    const d = await decodeToFile(file, join(base, 'out.s16'), { name });
    const sec = (performance.now() - t0) / 1000;
    out[`decode ${name.replace('long.', '')} (${d.source.format}), × real time`] = round(d.source.durationSec / sec, 0);
  }
  return out;
}

function decodeHourRss(dir: string): Record<string, number> {
  const base = join(dir, 'hour');
  mkdirSync(base, { recursive: true });
  const mp3 = join(base, 'hour.mp3');
  // An hour of stereo speech-like sound: a tone under pink noise gated on and off like phrases.
  execFileSync('ffmpeg', [
    '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', 'anoisesrc=color=pink:amplitude=0.2:sample_rate=44100:duration=3600',
    '-f', 'lavfi', '-i', 'sine=frequency=220:sample_rate=44100:duration=3600',
    '-filter_complex', '[0][1]amix=inputs=2,volume=enable=\'lt(mod(t,4),1)\':volume=0.05,aformat=channel_layouts=stereo',
    '-c:a', 'libmp3lame', '-b:a', '128k', mp3,
  ]);
  const child = fileURLToPath(new URL('./dubbing-decode.ts', import.meta.url));
  const r = spawnSync(process.execPath, ['--import', 'tsx', child, mp3, join(base, 'hour.s16')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`the 1-hour decode failed: ${r.stderr}`);
  const m = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { peakMb: number; beforeMb: number; sec: number; durationSec: number };
  return {
    '1 h MP3 decode: peak RSS of its process (MB, goal < 300)': round(m.peakMb),
    '  of which the process before decoding (MB)': round(m.beforeMb),
    '1 h MP3 decode: wall time (s)': round(m.sec),
    '1 h MP3 decode: × real time': round(m.durationSec / m.sec, 0),
  };
}

/** Half-open time intervals → their union's length. */
function unionMs(spans: Array<[number, number]>): number {
  const s = [...spans].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = -Infinity;
  for (const [a, b] of s) {
    if (b <= end) continue;
    total += b - Math.max(a, end);
    end = b;
  }
  return total;
}

async function tenMinutes(dir: string): Promise<Record<string, number | string>> {
  const base = join(dir, 'ten');
  mkdirSync(base, { recursive: true });
  const fx = await recording(base, 600);
  const mp3 = encodeFixture(fx.wav, 'speech.mp3');
  const durationSec = fx.frames / fx.sampleRate;
  const mock = await startOpenAIMock({ lines: SENTENCES, reply: (prompt, json) => translated(prompt, json) });
  mock.latencyMs = realisticLatency(1);
  const db = openDatabase(join(base, 'koru.db'));
  try {
    const settings = ProviderSettings.parse({ speechOrder: ['openai', 'offline'], writer: 'openai' });
    const registry = createProviders({ secrets: createMemorySecretStore({ openai: OPENAI_MOCK_KEY }), settings, env: { OPENAI_BASE_URL: `${mock.url}/v1` } });
    // Every provider request as the job makes it: when it was in flight.
    const spans: Array<[number, number]> = [];
    let transcribingMs = 0;
    const timed = async <T>(run: () => Promise<T>, transcribing = false): Promise<T> => {
      const span: [number, number] = [performance.now(), 0];
      try {
        return await run();
      } finally {
        span[1] = performance.now();
        spans.push(span);
        if (transcribing) transcribingMs += span[1] - span[0];
      }
    };
    const providers = {
      isConfigured: (id: ProviderId) => registry.isConfigured(id),
      transcriber(id?: ProviderId): Transcriber {
        const t = registry.transcriber(id);
        return { provider: t.provider, timed: t.timed, maxUploadBytes: t.maxUploadBytes, transcribe: (req) => timed(() => t.transcribe(req), true) };
      },
      writer(id?: ProviderId): TextWriter {
        const w = registry.writer(id);
        return { ...w, write: (req) => timed(() => w.write(req)) };
      },
      speech(order?: ProviderId[]): SpeechChain {
        const chain = registry.speech(order);
        const wrapped: SpeechChain = Object.create(chain);
        wrapped.speakDetailed = (req) => timed(() => chain.speakDetailed(req));
        return wrapped;
      },
    };
    const files = createFileRegistry({ dataDir: base, exportDir: join(base, 'exports'), downloadPath: '/files' });
    const service = createDubbingService({
      db,
      files: createFileStore(join(base, 'files')),
      registry: files,
      providers,
      emit: () => undefined,
      log: () => undefined,
      getSettings: () => Settings.parse({ maxVolume: 1 }),
      getProviderSettings: () => settings,
      exportDir: join(base, 'exports'),
    });
    const t0 = performance.now();
    const file = files.adopt(mp3, 'audio');
    const created = service.create({ fileId: file.fileId, to: 'French', transcriber: 'openai', writer: 'openai', speechProvider: 'openai', voice: 'alloy' });
    // When each step ended, watched every 100 ms (the page reads the dub every 500 ms).
    const ended = new Map<string, number>();
    const watch = setInterval(() => {
      for (const st of service.get(created.id).steps) if (st.state === 'done' && !ended.has(st.name)) ended.set(st.name, performance.now());
    }, 100);
    const dub = await service.whenDone(created.id)!.finally(() => clearInterval(watch));
    if (dub.status !== 'ready') throw new Error(`the dub ended ${dub.status}: ${dub.error}`);
    const jobMs = performance.now() - t0;
    await service.export(dub.id, 'wav', { path: join(base, 'dub.wav'), texts: {} });
    const wallMs = performance.now() - t0;
    const providerMs = unionMs(spans);
    const ownMs = wallMs - providerMs;

    // Sync: the lines alone, where each one's sound really begins.
    service.updateOptions(dub.id, { mix: 'dub-only' });
    const alone = readWav((await service.export(dub.id, 'wav', { path: join(base, 'alone.wav'), texts: {} })).audio.path);
    const left = alone.channel(0);
    const errors = dub.segments.map((s, k) => {
      const from = Math.max(s.sourceStart - 0.2, k > 0 ? dub.segments[k - 1]!.dubEnd! + 0.001 : 0);
      return Math.abs(onset(left, alone.sampleRate, from) - s.sourceStart) * 1000;
    });
    await service.close();
    // Each step (and the export): its wall time, and how much of it Koru worked alone.
    const windows: Array<[string, number, number]> = [];
    let before = t0;
    for (const name of DUB_STEPS) {
      const at = ended.get(name) ?? t0 + jobMs;
      windows.push([`step ${name}`, before, at]);
      before = at;
    }
    windows.push(['WAV export', t0 + jobMs, t0 + wallMs]);
    const stepTimes = Object.fromEntries(
      windows.map(([name, a, b]) => {
        const waiting = unionMs(spans.map(([x, y]): [number, number] => [Math.max(a, x), Math.min(b, y)]).filter(([x, y]) => y > x));
        return [`  ${name}: wall / Koru alone (s)`, `${round((b - a) / 1000)} / ${round((b - a - waiting) / 1000)}`];
      }),
    );
    return {
      '10 min: recording (s)': round(durationSec),
      '10 min: lines': dub.segments.length,
      '10 min: provider requests (transcribe / chat / speech)': `${mock.total('POST /v1/audio/transcriptions')} / ${mock.total('POST /v1/chat/completions')} / ${mock.total('POST /v1/audio/speech')}`,
      '10 min: drop → mixed (s)': round(jobMs / 1000),
      '10 min: drop → WAV exported (s)': round(wallMs / 1000),
      ...stepTimes,
      '10 min: some provider request in flight (s)': round(providerMs / 1000),
      '  of which transcribing (s; the mock takes 0.6 s + a tenth of the audio)': round(transcribingMs / 1000),
      '10 min: Koru alone (s)': round(ownMs / 1000),
      "10 min: Koru's share ÷ provider time (%, goal < 10)": round((100 * ownMs) / providerMs),
      '10 min: dub frames − decoded source frames (WAV read back)': alone.samples.length / alone.channels - dub.source!.frames,
      'sync error, 10 min on the mock voice, all lines: max (ms)': round(Math.max(...errors), 2),
      'sync error, 10 min on the mock voice, all lines: mean (ms)': round(errors.reduce((a, b) => a + b, 0) / errors.length, 2),
    };
  } finally {
    db.close();
    await mock.close();
  }
}

/** The translation the mock "writes": every line back by id, marked as French and numbered
 *  (a real recording does not repeat itself, so no line's voice comes from the cache). */
function translated(prompt: string, json: boolean): string {
  try {
    const req = JSON.parse(prompt) as { segments?: Array<{ id: string; text: string }> };
    if (json && req.segments) return JSON.stringify({ segments: req.segments.map((s) => ({ id: s.id, text: `Ceci est ${s.text} (${s.id})` })) });
  } catch {
    /* not a translation request */
  }
  return json ? '{}' : prompt;
}

/** First sample above −34 dBFS from `fromSec` on, in seconds. */
function onset(x: Float32Array, rate: number, fromSec: number, threshold = 0.02): number {
  for (let i = Math.max(0, Math.round(fromSec * rate)); i < x.length; i++) if (Math.abs(x[i]!) > threshold) return i / rate;
  return Infinity;
}

/** Sync with a real voice: the mock speaks a tone that starts on its first sample, while a real
 *  voice has silence before its words, which the fit trims. Here the offline voice re-voices
 *  three dozen lines from a transcript of where they truly are (voice replacement, no provider),
 *  and each dubbed line's first sound is found in the rendered dub. */
async function syncOfflineVoice(dir: string): Promise<Record<string, number>> {
  const base = join(dir, 'sync');
  mkdirSync(base, { recursive: true });
  const lines = Array.from({ length: 36 }, (_, i) => SENTENCES[i % SENTENCES.length]!);
  const fx = await makeSpeechFixture(base, { lines, pauseSec: 0.8 });
  const srt = join(base, 'lines.srt');
  writeFileSync(srt, buildSubtitles(fx.lines, 'srt'));
  const db = openDatabase(join(base, 'koru.db'));
  try {
    const files = createFileRegistry({ dataDir: base, exportDir: join(base, 'exports'), downloadPath: '/files' });
    const settings = ProviderSettings.parse({ speechOrder: ['offline'] });
    const providers = createProviders({ secrets: createMemorySecretStore(), settings, env: {} });
    const service = createDubbingService({ db, files: createFileStore(join(base, 'files')), registry: files, providers, emit: () => undefined, log: () => undefined, getSettings: () => Settings.parse({ maxVolume: 1 }), getProviderSettings: () => settings, exportDir: join(base, 'exports') });
    const d = service.create({ fileId: files.adopt(fx.wav, 'audio').fileId, to: 'en', from: 'en', transcriptFileId: files.adopt(srt, 'subtitles').fileId, mix: 'dub-only' });
    const dub = await service.whenDone(d.id)!;
    if (dub.status !== 'ready') throw new Error(`the offline dub ended ${dub.status}: ${dub.error}`);
    const out = readWav((await service.export(dub.id, 'wav', { path: join(base, 'dub.wav'), texts: {} })).audio.path).channel(0);
    await service.close();
    const errors = fx.lines.map((l, k) => Math.abs(onset(out, fx.sampleRate, k > 0 ? fx.lines[k - 1]!.end + 0.05 : 0) - l.start) * 1000);
    return {
      'sync error, offline voice, 36 lines: max (ms, goal < 20)': round(Math.max(...errors), 2),
      'sync error, offline voice, 36 lines: mean (ms)': round(errors.reduce((a, b) => a + b, 0) / errors.length, 2),
    };
  } finally {
    db.close();
  }
}

const PARTS = { codecs: decodeThroughput, hour: decodeHourRss, ten: tenMinutes, sync: syncOfflineVoice } as const;
type Part = keyof typeof PARTS;

export async function benchDubbing(parts: readonly Part[] = Object.keys(PARTS) as Part[]): Promise<Record<string, number | string>> {
  const dir = mkdtempSync(join(tmpdir(), 'koru-bench-dubbing-'));
  // The offline voice's worker is unref'd; hold the process open while the fixtures are voiced.
  const alive = setInterval(() => undefined, 1000);
  try {
    const out: Record<string, number | string> = {};
    for (const p of parts) Object.assign(out, await PARTS[p](dir));
    return out;
  } finally {
    clearInterval(alive);
    rmSync(dir, { recursive: true, force: true });
  }
}

// Standalone, optionally only some parts: `npx tsx bench/dubbing.ts [codecs] [hour] [ten]`.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const parts = process.argv.slice(2).filter((p): p is Part => p in PARTS);
  for (const [k, v] of Object.entries(await benchDubbing(parts.length ? parts : undefined))) console.log(`${k.padEnd(60)} ${v}`);
}
