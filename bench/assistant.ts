/**
 * Assistant benchmarks:
 *  1. end of the user's speech → first reply sample at the sink (the `assistant.audio` event that
 *     carries it to the page), turn by turn with the real OpenAI SDK against the mock at realistic
 *     latency (transcription, a tool round, the streamed answer, speech), and Koru's own share:
 *     that time minus the providers' time on the critical path (transcription, the first chat
 *     round, the answer until its first sentence is complete, speech of that sentence);
 *  2. endpointing: the VAD's delay from the real end of speech (the offline voice's sentence at
 *     48 kHz over a -60 dBFS floor) to "end of utterance", and from its start to "speech";
 *  3. barge-in: user speech onset → reply silenced in the page = the VAD's onset delay + one
 *     ScriptProcessor block (1024 samples) + one render quantum (128) for `stop()` to apply.
 * Run standalone: `npx tsx bench/assistant.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAssistant } from '../main/assistant';
import { createOfflineSpeech, createProviders, type Providers } from '../main/providers';
import { defaultProviderSettings } from '../main/providers';
import { createMemorySecretStore } from '../main/secrets';
import { presets } from '../main/sessions';
import { openDatabase } from '../main/storage';
// The bench measures the page's own VAD: pure TypeScript (no DOM, no Node), run here on samples.
// eslint-disable-next-line no-restricted-imports
import { createVad } from '../renderer/src/assistant/vad';
// eslint-disable-next-line no-restricted-imports
import { resample } from '../renderer/src/assistant/pcm';
import { OPENAI_MOCK_KEY, realisticLatency, startOpenAIMock } from '../test/mocks';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const REPLY = 'Wonderful, your Spanish goal is set with weekly milestones. Shall we plan the first lesson together this week, perhaps tomorrow evening?';

async function turnLatency(dir: string): Promise<Record<string, number>> {
  const mock = await startOpenAIMock({
    transcript: () => 'I want to learn Spanish in three months',
    streamDelayMs: 25, // a model writing ~40 words a second
    chat: ({ messages }) =>
      messages.at(-1)!.role === 'tool'
        ? { text: REPLY }
        : { calls: [{ name: 'submit_goal_intent', arguments: JSON.stringify({ goal_statement: 'Learn Spanish', timeline: 'three months', milestones: ['Greetings', 'Numbers', 'Food', 'Travel'] }) }] },
  });
  mock.latencyMs = realisticLatency(1);
  const db = openDatabase(join(dir, 'koru.db'));
  const settings = { ...defaultProviderSettings(), speechOrder: ['openai' as const, 'offline' as const] };
  const registry = createProviders({ secrets: createMemorySecretStore({ openai: OPENAI_MOCK_KEY }), settings, env: { OPENAI_BASE_URL: `${mock.url}/v1` } });
  // The providers' own time on the critical path, measured around each call.
  let spans: { transcribe: number; chat: number[]; firstSentence: number; speech: number[] } = { transcribe: 0, chat: [], firstSentence: 0, speech: [] };
  const providers: Pick<Providers, 'toolChat' | 'transcriber' | 'agent' | 'speech' | 'isConfigured'> = {
    isConfigured: (id) => registry.isConfigured(id),
    agent: (id) => registry.agent(id),
    transcriber: (id) => {
      const t = registry.transcriber(id);
      return { ...t, transcribe: async (req) => { const s = performance.now(); try { return await t.transcribe(req); } finally { spans.transcribe = performance.now() - s; } } };
    },
    toolChat: (id) => {
      const c = registry.toolChat(id);
      return {
        provider: c.provider,
        turn: async (req) => {
          const s = performance.now();
          let sentenceAt = 0;
          let text = '';
          const r = await c.turn({ ...req, onText: (d) => { text += d; if (!sentenceAt && /[.!?]\s/.test(text)) sentenceAt = performance.now(); req.onText?.(d); } });
          spans.chat.push(performance.now() - s);
          if (sentenceAt && !spans.firstSentence) spans.firstSentence = sentenceAt - s;
          return r;
        },
      };
    },
    speech: (order) => {
      const chain = registry.speech(order);
      const timed = Object.create(chain) as typeof chain;
      timed.speak = async (req) => { const s = performance.now(); try { return await chain.speak(req); } finally { spans.speech.push(performance.now() - s); } };
      return timed;
    },
  };
  let firstAudioAt = 0;
  const { assistant } = createAssistant({
    db,
    dataDir: dir,
    providers,
    emit: ((name: string) => { if (name === 'assistant.audio' && !firstAudioAt) firstAudioAt = performance.now(); return true; }) as never,
    log: () => undefined,
    defaultTimeZone: () => 'Europe/London',
    presets,
  });
  const wav = new Uint8Array(44 + 16_000 * 2 * 2); // what the page sends: 2 s at 16 kHz
  const totals: number[] = [];
  const own: number[] = [];
  const prov: number[] = [];
  try {
    for (let i = 0; i < 5; i++) {
      const { session } = await assistant.create('turns');
      await new Promise((r) => setTimeout(r, 1500)); // the greeting is voiced first
      spans = { transcribe: 0, chat: [], firstSentence: 0, speech: [] };
      const speechCallsBefore = spans.speech.length;
      firstAudioAt = 0;
      const t0 = performance.now();
      const turn = assistant.hear(session.id, wav);
      while (!firstAudioAt) await new Promise((r) => setTimeout(r, 1));
      const total = firstAudioAt - t0;
      await turn;
      const providersMs = spans.transcribe + (spans.chat[0] ?? 0) + spans.firstSentence + (spans.speech[speechCallsBefore] ?? 0);
      totals.push(total);
      prov.push(providersMs);
      own.push(total - providersMs);
      assistant.close(session.id);
      db.prepare('DELETE FROM assistant_sessions').run(); // the limits are not what is measured
    }
  } finally {
    assistant.closeAll();
    db.close();
    await mock.close();
  }
  return {
    'end of speech → first reply sample at sink (ms, median of 5)': median(totals),
    '  providers on the critical path (ms)': median(prov),
    "  Koru's own share (ms, goal < 300)": median(own),
    '  + page scheduling lead (ms)': 20,
  };
}

async function vadFigures(): Promise<Record<string, number>> {
  const voice = createOfflineSpeech();
  const spoken = await voice.speak({ text: 'I want to learn Spanish in three months', voice: 'en-us' });
  await voice.close();
  const rate = 48_000;
  const speech = resample(spoken.samples, spoken.sampleRate, rate);
  // Where the sentence really starts and ends (espeak pads with silence).
  const loud = (x: number) => Math.abs(x) > 0.01;
  const first = speech.findIndex(loud);
  let last = speech.length - 1;
  while (last > 0 && !loud(speech[last]!)) last--;
  const lead = rate; // one second of room noise first
  const signal = new Float32Array(lead + speech.length + 2 * rate);
  let seed = 1;
  for (let i = 0; i < signal.length; i++) signal[i] = (((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) - 0.5) * 0.002; // ≈ -60 dBFS
  signal.set(speech.map((x, i) => x + signal[lead + i]!), lead);
  const vad = createVad({ sampleRate: rate });
  let start = NaN;
  let end = NaN;
  for (let i = 0; i < signal.length; i += 1024) {
    for (const e of vad.push(signal.subarray(i, i + 1024))) {
      if (e.type === 'start' && Number.isNaN(start)) start = e.atSample;
      if (e.type === 'end' && Number.isNaN(end)) end = e.atSample;
    }
  }
  const ms = (samples: number) => (samples / rate) * 1000;
  const onset = ms(start - (lead + first));
  const block = ms(1024);
  const quantum = ms(128);
  return {
    'endpointing: end of speech → end of utterance (ms)': ms(end - (lead + last)),
    'VAD onset: speech starts → "speech" (ms)': onset,
    'barge-in: speech onset → reply silenced (ms, goal < 200)': onset + block + quantum,
  };
}

export async function benchAssistant(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'koru-bench-assistant-'));
  // The offline voice's worker is unref'd: keep the process up while it speaks.
  const alive = setInterval(() => undefined, 1000);
  try {
    return { ...(await turnLatency(dir)), ...(await vadFigures()) };
  } finally {
    clearInterval(alive);
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const figures = await benchAssistant();
  for (const [k, v] of Object.entries(figures)) console.log(`${k.padEnd(62)} ${+v.toFixed(1)}`);
  process.exit(0);
}
