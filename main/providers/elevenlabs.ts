import { ElevenLabsClient } from '@elevenlabs/elevenlabs-js';
import { KoruError } from '../../contract/errors';
import { assertAudioBody, decodeMp3, readStream, s16leToFloat32 } from './audio';
import { ProviderError } from './errors';
import type { SpeechSynth, Transcriber, VoiceInfo } from './types';
import { modelCount, type Connection, type Vendor } from './vendor';

/** ElevenLabs speech on the current official SDK (@elevenlabs/elevenlabs-js; see README). */
export interface ElevenLabsOptions {
  apiKey: string;
  baseUrl?: string;
  speechModel?: string;
  /** Raw PCM needs no decoding; MP3 is smaller on the wire and decoded with wasm mpg123. */
  outputFormat?: 'pcm_24000' | 'pcm_22050' | 'pcm_16000' | 'mp3_44100_128';
  timeoutMs?: number;
  /** The registry passes the guarded fetch (guarded-fetch.ts). */
  fetch?: typeof fetch;
}

/** Used until /v1/models has told us the model's real limit. */
export const ELEVENLABS_DEFAULT_MAX_CHARS = 5000;

export function createElevenLabsClient(o: ElevenLabsOptions): ElevenLabsClient {
  return new ElevenLabsClient({
    apiKey: o.apiKey,
    ...(o.baseUrl ? { baseUrl: o.baseUrl } : {}),
    maxRetries: 0, // the queue retries (and tells concurrency from busy)
    timeoutInSeconds: Math.ceil((o.timeoutMs ?? 120_000) / 1000),
    ...(o.fetch ? { fetch: o.fetch } : {}),
  });
}

export interface ElevenLabsSpeech extends SpeechSynth {
  /** Reads the model's maximum_text_length_per_request from /v1/models (once; cached). */
  prepare(signal?: AbortSignal): Promise<void>;
}

export function createElevenLabsSpeech(o: ElevenLabsOptions, client = createElevenLabsClient(o)): ElevenLabsSpeech {
  const model = o.speechModel ?? 'eleven_multilingual_v2';
  const format = o.outputFormat ?? 'pcm_24000';
  let maxChars = ELEVENLABS_DEFAULT_MAX_CHARS;
  let limits: Promise<void> | undefined;

  const synth: ElevenLabsSpeech = {
    provider: 'elevenlabs',
    get maxChars() {
      return maxChars;
    },
    prepare(signal) {
      limits ??= client.models
        .list({ abortSignal: signal })
        .then((models) => {
          const m = models.find((x) => x.modelId === model);
          if (m?.maximumTextLengthPerRequest) maxChars = m.maximumTextLengthPerRequest;
        })
        .catch((err: unknown) => {
          limits = undefined; // try again next time; keep the default meanwhile
          throw err;
        });
      return limits;
    },
    async voices(signal): Promise<VoiceInfo[]> {
      const res = await client.voices.getAll({}, { abortSignal: signal });
      return (res.voices ?? []).map((v) => {
        const language = v.verifiedLanguages?.[0]?.language ?? v.labels?.language;
        return { id: v.voiceId, name: v.name ?? v.voiceId, ...(language ? { language } : {}) };
      });
    },
    async speak({ text, voice, model: m, previousText, nextText, signal }) {
      if (text.trim() === '') throw new KoruError('BAD_INPUT', 'nothing to speak: the text is empty');
      if (voice.trim() === '') throw new KoruError('BAD_INPUT', 'choose an ElevenLabs voice first');
      if (text.length > maxChars) {
        throw new KoruError('BAD_INPUT', `ElevenLabs ${model} takes at most ${maxChars} characters per request (got ${text.length}); chunk it first`);
      }
      const { data, rawResponse } = await client.textToSpeech
        .convert(
          voice,
          {
            text,
            modelId: m ?? model,
            outputFormat: format,
            ...(previousText ? { previousText } : {}),
            ...(nextText ? { nextText } : {}),
          },
          { abortSignal: signal },
        )
        .withRawResponse();
      const bytes = await readStream(data);
      assertAudioBody('elevenlabs', bytes, rawResponse.headers.get('content-type'));
      if (format.startsWith('mp3')) {
        const audio = await decodeMp3(bytes);
        if (audio.samples.length === 0) throw new ProviderError('elevenlabs', 'bad_reply');
        return audio;
      }
      return { samples: s16leToFloat32(bytes), sampleRate: Number(format.split('_')[1]) };
    },
  };
  return synth;
}

/** A cheap authenticated call for "Test connection". */
export async function listElevenLabsModels(client: ElevenLabsClient, signal?: AbortSignal): Promise<string[]> {
  const models = await client.models.list({ abortSignal: signal });
  return models.map((m) => m.modelId);
}

const options = (c: Connection, s?: Partial<ElevenLabsOptions>): ElevenLabsOptions => ({ ...s, apiKey: c.apiKey, baseUrl: c.baseUrl, fetch: c.fetch });

/** Scribe (`/v1/speech-to-text`): the assistant's turns. */
export function createElevenLabsTranscriber(o: ElevenLabsOptions & { transcribeModel?: string }, client = createElevenLabsClient(o)): Transcriber {
  return {
    provider: 'elevenlabs',
    async transcribe({ audio, filename, language, signal }) {
      if (audio.byteLength === 0) throw new KoruError('BAD_INPUT', 'nothing to transcribe: the audio is empty');
      const res = await client.speechToText.convert(
        { file: new File([audio as Uint8Array<ArrayBuffer>], filename), modelId: o.transcribeModel ?? 'scribe_v1', ...(language ? { languageCode: language } : {}) },
        { ...(signal ? { abortSignal: signal } : {}) },
      );
      const text = (res as { text?: unknown }).text;
      if (typeof text !== 'string') throw new ProviderError('elevenlabs', 'bad_reply', { message: 'ElevenLabs sent a transcription Koru could not read — check the transcription model' });
      const words = ((res as { words?: Array<{ start?: number; end?: number }> }).words ?? []).filter((w) => typeof w.start === 'number');
      return { text, segments: words.length ? [{ start: words[0]!.start!, end: words.at(-1)!.end ?? words.at(-1)!.start!, text }] : [], language: (res as { languageCode?: string }).languageCode };
    },
  };
}

export const elevenlabsVendor: Vendor<'elevenlabs'> = {
  speech: ({ settings, connection }) => createElevenLabsSpeech(options(connection, { speechModel: settings.speechModel })),
  transcriber: ({ settings, connection }) => createElevenLabsTranscriber({ ...options(connection), transcribeModel: settings.transcribeModel }),
  probe: async (c, signal) => modelCount(await listElevenLabsModels(createElevenLabsClient(options(c)), signal)),
};
