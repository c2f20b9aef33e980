/** Provider capabilities, one interface each; every vendor (and the offline fallbacks)
 *  implements the ones it offers. Rituals, stories, dubbing and the assistant depend on these,
 *  never on a vendor SDK. */

export type { ProviderId } from '../../contract/providers';
import type { ProviderId } from '../../contract/providers';

/** Speech inside Koru is always mono Float32 at the provider's rate; the mixer resamples. */
export interface SpeechAudio {
  samples: Float32Array;
  sampleRate: number;
}

export interface VoiceInfo {
  id: string;
  name: string;
  language?: string;
}

export interface SpeakRequest {
  text: string;
  voice: string;
  model?: string;
  /** ElevenLabs continuity: the text spoken just before and after this chunk. */
  previousText?: string;
  nextText?: string;
  signal?: AbortSignal;
}

export interface SpeechSynth {
  readonly provider: ProviderId;
  /** Longest text one request may carry (chunk below this, at sentence then word boundaries). */
  readonly maxChars: number;
  voices(signal?: AbortSignal): Promise<VoiceInfo[]>;
  speak(req: SpeakRequest): Promise<SpeechAudio>;
  /** Optional warm-up (e.g. read ElevenLabs' per-model maxChars); call before chunking. */
  prepare?(signal?: AbortSignal): Promise<void>;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface WriteRequest {
  messages: ChatMessage[];
  /** Ask for a JSON object reply (validated by the caller). */
  json?: boolean;
  model?: string;
  signal?: AbortSignal;
}

export interface TextWriter {
  readonly provider: ProviderId;
  write(req: WriteRequest): Promise<string>;
}

export interface TranscriptSegment {
  start: number;
  end: number;
  text: string;
  /** Who speaks (ElevenLabs' diarization: "speaker_0" …), when the provider tells. */
  speaker?: string;
}

export interface TranscriptWord {
  start: number;
  end: number;
  text: string;
  speaker?: string;
}

export interface TranscribeRequest {
  audio: Uint8Array;
  filename: string;
  language?: string;
  signal?: AbortSignal;
}

/** Times in seconds from the start of the uploaded audio. */
export interface Transcript {
  text: string;
  /** As the provider names it: "english" (whisper-1), "en" (ElevenLabs, Gemini). */
  language?: string;
  segments: TranscriptSegment[];
  words?: TranscriptWord[];
}

export interface Transcriber {
  readonly provider: ProviderId;
  /** Largest upload one request may carry, in bytes (split longer audio first). */
  readonly maxUploadBytes: number;
  /** False when the model returns text without times (gpt-4o-transcribe): the caller sends one
   *  stretch of speech per request and times it itself. */
  readonly timed: boolean;
  transcribe(req: TranscribeRequest): Promise<Transcript>;
}

/** Why a provider call failed, so queues know whether to wait, back off, fall back or give up. */
export type ProviderFailure =
  | 'rate_limited' // 429: back off (Retry-After when given)
  | 'concurrency' // ElevenLabs too_many_concurrent_requests: wait for a slot
  | 'busy' // ElevenLabs system_busy, 503: back off
  | 'server' // 5xx
  | 'timeout'
  | 'network' // the connection dropped: back off
  | 'unreachable' // connection refused, unknown host, untrusted certificate: fails again at once
  | 'redirect' // sent to another server: not followed (the key stays where it was entered)
  | 'auth' // missing/revoked key: do not retry, tell the user
  | 'bad_request'
  | 'bad_reply'; // not audio / not JSON / schema mismatch
