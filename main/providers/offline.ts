import { KoruError } from '../../contract/errors';
import { decodeWav } from './audio';
import { createEspeakWorker, type EspeakWorker } from './espeak-worker';
import { ProviderError } from './errors';
import type { SpeechSynth, VoiceInfo } from './types';
import type { Vendor } from './vendor';

/**
 * The offline voice: eSpeak-NG compiled to wasm (npm `espeak-ng`, GPL-3.0-or-later, voice data
 * embedded in the .wasm). Nothing is downloaded at run time. Synthesis runs on a worker thread
 * (see espeak-worker.ts); each request instantiates the compiled module afresh because the CLI
 * build keeps global state between runs.
 */
export interface OfflineSpeechOptions {
  /** Words per minute (espeak -s); slower suits guided rituals. */
  wordsPerMinute?: number;
  /** 0–99 (espeak -p). */
  pitch?: number;
}

export interface OfflineSpeech extends SpeechSynth {
  /** Stops the worker thread (it is unref'd, so this is only needed to free memory early). */
  close(): Promise<void>;
}

export const OFFLINE_VOICES: VoiceInfo[] = [
  { id: 'en-us', name: 'English (America)', language: 'en' },
  { id: 'en-gb', name: 'English (Great Britain)', language: 'en' },
  { id: 'en-gb-scotland', name: 'English (Scotland)', language: 'en' },
  { id: 'en-gb-x-rp', name: 'English (Received Pronunciation)', language: 'en' },
  { id: 'de', name: 'German', language: 'de' },
  { id: 'fr-fr', name: 'French', language: 'fr' },
  { id: 'es', name: 'Spanish', language: 'es' },
  { id: 'it', name: 'Italian', language: 'it' },
  { id: 'pt-br', name: 'Portuguese (Brazil)', language: 'pt' },
  { id: 'nl', name: 'Dutch', language: 'nl' },
];
/** 'en' (the settings default before 'en-gb') is espeak's own name for that same voice. */
const VOICE_IDS = new Set(['en', ...OFFLINE_VOICES.map((v) => v.id)]);
/** eSpeak variants (`en-us+f3`): another pitch and timbre for the same language, so two speakers
 *  (a podcast's host and guest) sound apart offline. Only variants checked to change the sound. */
export const OFFLINE_VARIANTS = ['f3', 'm3'] as const;
const isVoice = (v: string) => {
  const [base = '', variant, ...rest] = v.split('+');
  return VOICE_IDS.has(base) && rest.length === 0 && (variant === undefined || (OFFLINE_VARIANTS as readonly string[]).includes(variant));
};

/** Shorter chunks let the first narration start sooner and keep each worker job short. */
export const OFFLINE_MAX_CHARS = 1000;

export function createOfflineSpeech(o: OfflineSpeechOptions = {}): OfflineSpeech {
  const wpm = Math.round(o.wordsPerMinute ?? 150);
  const pitch = Math.round(o.pitch ?? 45);
  let worker: EspeakWorker | undefined;
  const espeak = () => (worker ??= createEspeakWorker());

  return {
    provider: 'offline',
    maxChars: OFFLINE_MAX_CHARS,
    async voices() {
      return OFFLINE_VOICES;
    },
    async prepare() {
      await espeak().run([], null);
    },
    async speak({ text, voice, signal }) {
      if (text.trim() === '') throw new KoruError('BAD_INPUT', 'nothing to speak: the text is empty');
      if (text.length > OFFLINE_MAX_CHARS) {
        throw new KoruError('BAD_INPUT', `the offline voice takes at most ${OFFLINE_MAX_CHARS} characters per request (got ${text.length}); chunk it first`);
      }
      const v = voice.trim() === '' ? 'en-us' : voice;
      if (!isVoice(v)) {
        throw new KoruError('BAD_INPUT', `unknown offline voice "${v}" (choose one of ${[...VOICE_IDS].join(', ')}, optionally with +${OFFLINE_VARIANTS.join(' or +')})`);
      }
      signal?.throwIfAborted();
      // Text goes through a file, not argv: a script line starting with "-" is not an option.
      const args = ['-v', v, '-s', String(wpm), '-p', String(pitch), '-f', '/in.txt', '-w', '/out.wav'];
      let wav: Uint8Array | null;
      try {
        wav = await espeak().run(args, text);
      } catch (err) {
        throw new ProviderError('offline', 'bad_reply', { message: `The offline voice failed: ${(err as Error).message}` });
      }
      signal?.throwIfAborted();
      if (!wav) throw new ProviderError('offline', 'bad_reply', { message: 'The offline voice produced no audio' });
      return decodeWav(wav);
    },
    close: async () => {
      await worker?.close();
      worker = undefined;
    },
  };
}

/** One espeak worker for the whole process: it is unref'd and starts a fresh module per request. */
let shared: OfflineSpeech | undefined;

export const offlineVendor: Vendor<'offline'> = {
  speech: () => (shared ??= createOfflineSpeech()),
  ready: async () => {
    await (shared ??= createOfflineSpeech()).prepare?.();
  },
};
