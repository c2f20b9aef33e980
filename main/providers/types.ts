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

// ---- Tool calling (the assistant) -----------------------------------------------------------

/** A function a model may call: JSON-schema parameters, as every vendor takes them. */
export interface ToolSpec {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

/** A call the model asked for. `arguments` stays the model's own JSON text, so arguments that do
 *  not parse can be reported back to it. `signature`: an opaque token a vendor wants echoed
 *  with the call in the next request (Gemini's thought signature). */
export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
  signature?: string;
}

/** The conversation in a vendor-neutral form: OpenAI `tool_calls` / `tool` messages, Gemini
 *  `functionCall` / `functionResponse` parts and Anthropic `tool_use` / `tool_result` blocks all
 *  map onto it. */
export type ToolMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls?: ToolCall[] }
  | { role: 'tool'; callId: string; name: string; content: string };

export interface ToolTurnRequest {
  messages: ToolMessage[];
  tools: ToolSpec[];
  model?: string;
  /** The reply's text as it streams, piece by piece (speech starts on the first sentence). */
  onText?: (delta: string) => void;
  signal?: AbortSignal;
}

export interface ToolTurn {
  text: string;
  toolCalls: ToolCall[];
}

/** One model turn with tools: streamed text and, maybe, function calls to carry out before the
 *  next turn. */
export interface ToolChat {
  readonly provider: ProviderId;
  turn(req: ToolTurnRequest): Promise<ToolTurn>;
}

// ---- Voice agents ---------------------------------------------------------------------------

/** What a voice agent tells its user as the conversation goes. */
export type AgentEvent =
  | { type: 'ready' }
  | { type: 'text'; role: 'user' | 'assistant'; content: string }
  | { type: 'userStartedSpeaking' }
  | { type: 'thinking' }
  | { type: 'speaking' }
  | { type: 'audioDone' }
  | { type: 'audio'; pcm: Int16Array; sampleRate: number }
  | { type: 'functionCall'; calls: Array<{ id: string; name: string; arguments: string; clientSide: boolean }> }
  | { type: 'functionCallCancelled'; ids: string[] }
  | { type: 'warning'; message: string }
  | { type: 'error'; message: string }
  | { type: 'closed'; reason: string; clean: boolean };

export interface AgentSettings {
  prompt: string;
  greeting: string;
  functions: ToolSpec[];
  /** Earlier messages of the conversation, so a reconnect carries on where it was. */
  history?: Array<{ role: 'user' | 'assistant'; content: string }>;
  inputRate: number;
  outputRate: number;
}

/** One live voice-agent conversation: microphone audio in, events out. */
export interface AgentConnection {
  sendAudio(pcm: Uint8Array): void;
  /** The result of a client-side function call. */
  respond(id: string, name: string, content: string): void;
  /** Something typed instead of said. */
  inject(text: string): void;
  close(): void;
}

export interface VoiceAgent {
  readonly provider: ProviderId;
  connect(settings: AgentSettings, onEvent: (e: AgentEvent) => void, signal?: AbortSignal): Promise<AgentConnection>;
}
