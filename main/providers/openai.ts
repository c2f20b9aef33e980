import OpenAI, { toFile } from 'openai';
import { KoruError } from '../../contract/errors';
import { assertAudioBody, s16leToFloat32 } from './audio';
import { ProviderError } from './errors';
import type { SpeechSynth, TextWriter, ToolCall, ToolChat, ToolMessage, Transcriber, VoiceInfo } from './types';
import { modelCount, type Connection, type Vendor } from './vendor';

/** OpenAI (or any OpenAI-compatible server: Ollama, LM Studio, a local TTS server via baseURL). */
export interface OpenAIOptions {
  apiKey: string;
  /** Include `/v1`, e.g. http://localhost:11434/v1 for Ollama. */
  baseURL?: string;
  textModel?: string;
  speechModel?: string;
  transcribeModel?: string;
  /** The SDK's own timeout; the queue's per-attempt timeout normally fires first. */
  timeoutMs?: number;
  /** The registry passes the guarded fetch (guarded-fetch.ts). */
  fetch?: typeof fetch;
}

export const OPENAI_SPEECH_MAX_CHARS = 4096;
export const OPENAI_UPLOAD_MAX_BYTES = 25 * 1024 * 1024;
/** `response_format: 'pcm'` is raw 24 kHz signed 16-bit little-endian mono. */
export const OPENAI_PCM_RATE = 24_000;
export const OPENAI_VOICES = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'fable', 'nova', 'onyx', 'sage', 'shimmer', 'verse', 'marin', 'cedar'];

export function createOpenAIClient(o: OpenAIOptions): OpenAI {
  // maxRetries 0: our queue owns retrying (it honours Retry-After and counts attempts).
  return new OpenAI({ apiKey: o.apiKey, baseURL: o.baseURL, maxRetries: 0, timeout: o.timeoutMs ?? 120_000, ...(o.fetch ? { fetch: o.fetch } : {}) });
}

export function createOpenAIWriter(o: OpenAIOptions, client = createOpenAIClient(o)): TextWriter {
  return {
    provider: 'openai',
    async write({ messages, json, model, signal }) {
      const res = await client.chat.completions.create(
        {
          model: model ?? o.textModel ?? 'gpt-4o-mini',
          messages,
          ...(json ? { response_format: { type: 'json_object' as const } } : {}),
        },
        { signal },
      );
      const content = res.choices?.[0]?.message?.content;
      if (typeof content !== 'string' || content.trim() === '') {
        throw new ProviderError('openai', 'bad_reply', { message: 'OpenAI sent an empty reply — check the text model in Settings → Providers' });
      }
      if (json) {
        try {
          JSON.parse(content);
        } catch {
          throw new ProviderError('openai', 'bad_reply', { message: 'OpenAI replied with text that is not JSON — try another text model' });
        }
      }
      return content;
    },
  };
}

export function createOpenAISpeech(o: OpenAIOptions, client = createOpenAIClient(o)): SpeechSynth {
  return {
    provider: 'openai',
    maxChars: OPENAI_SPEECH_MAX_CHARS,
    async voices(): Promise<VoiceInfo[]> {
      // OpenAI has no voice-list endpoint: the set is fixed and documented.
      return OPENAI_VOICES.map((id) => ({ id, name: id[0]!.toUpperCase() + id.slice(1) }));
    },
    async speak({ text, voice, model, signal }) {
      if (text.trim() === '') throw new KoruError('BAD_INPUT', 'nothing to speak: the text is empty');
      if (text.length > OPENAI_SPEECH_MAX_CHARS) {
        throw new KoruError('BAD_INPUT', `OpenAI speech takes at most ${OPENAI_SPEECH_MAX_CHARS} characters per request (got ${text.length}); chunk it first`);
      }
      const res = await client.audio.speech.create(
        { model: model ?? o.speechModel ?? 'gpt-4o-mini-tts', voice, input: text, response_format: 'pcm' },
        { signal },
      );
      const bytes = new Uint8Array(await res.arrayBuffer());
      assertAudioBody('openai', bytes, res.headers.get('content-type'));
      return { samples: s16leToFloat32(bytes), sampleRate: OPENAI_PCM_RATE };
    },
  };
}

/** Models that answer `verbose_json` with segment and word times; the others (gpt-4o-transcribe,
 *  gpt-4o-mini-transcribe) answer `json`: text only. */
export const isTimedTranscribeModel = (model: string) => model.startsWith('whisper');

export function createOpenAITranscriber(o: OpenAIOptions, client = createOpenAIClient(o)): Transcriber {
  const model = o.transcribeModel ?? 'whisper-1';
  const timed = isTimedTranscribeModel(model);
  return {
    provider: 'openai',
    maxUploadBytes: OPENAI_UPLOAD_MAX_BYTES,
    timed,
    async transcribe({ audio, filename, language, signal }) {
      if (audio.byteLength === 0) throw new KoruError('BAD_INPUT', 'nothing to transcribe: the audio is empty');
      if (audio.byteLength > OPENAI_UPLOAD_MAX_BYTES) {
        throw new KoruError('BAD_INPUT', `OpenAI transcribes files up to 25 MB (this one is ${(audio.byteLength / 1048576).toFixed(1)} MB); split it first`);
      }
      const file = await toFile(audio, filename);
      const lang = language ? { language } : {};
      if (!timed) {
        const res = await client.audio.transcriptions.create({ file, model, response_format: 'json', ...lang }, { signal });
        if (typeof res?.text !== 'string') throw unreadable();
        return { text: res.text.trim(), segments: [] };
      }
      // whisper-1: segments and words in seconds; `language` comes back as a name ("english").
      const res = await client.audio.transcriptions.create(
        { file, model, response_format: 'verbose_json', timestamp_granularities: ['segment', 'word'], ...lang },
        { signal },
      );
      if (typeof res?.text !== 'string' || !Array.isArray(res.segments)) throw unreadable();
      const segments = res.segments.map((s) => ({ start: s.start, end: s.end, text: s.text.trim() })).filter((s) => s.text !== '');
      const words = (res.words ?? []).map((w) => ({ start: w.start, end: w.end, text: w.word }));
      return { text: res.text, language: res.language, segments, words };
    },
  };
}

type OpenAIMessage = OpenAI.Chat.Completions.ChatCompletionMessageParam;

function toOpenAIMessage(m: ToolMessage): OpenAIMessage {
  if (m.role === 'tool') return { role: 'tool', tool_call_id: m.callId, content: m.content };
  if (m.role === 'assistant' && m.toolCalls?.length) {
    return {
      role: 'assistant',
      content: m.content || null,
      tool_calls: m.toolCalls.map((c) => ({ id: c.id, type: 'function' as const, function: { name: c.name, arguments: c.arguments } })),
    };
  }
  return { role: m.role, content: m.content } as OpenAIMessage;
}

/**
 * Chat completions with `tools`, streamed: text deltas go to `onText` as they come, tool calls
 * are put together from their indexed deltas (id and name first, arguments in pieces). Ollama
 * and LM Studio speak the same format at their `/v1`.
 */
export function createOpenAIToolChat(o: OpenAIOptions, client = createOpenAIClient(o)): ToolChat {
  return {
    provider: 'openai',
    async turn({ messages, tools, model, onText, signal }) {
      const stream = await client.chat.completions.create(
        {
          model: model ?? o.textModel ?? 'gpt-4o-mini',
          messages: messages.map(toOpenAIMessage),
          ...(tools.length ? { tools: tools.map((t) => ({ type: 'function' as const, function: { name: t.name, description: t.description, parameters: t.parameters } })) } : {}),
          stream: true,
        },
        { signal },
      );
      let text = '';
      const calls = new Map<number, ToolCall>();
      for await (const chunk of stream) {
        const delta = chunk.choices?.[0]?.delta;
        if (!delta) continue;
        if (typeof delta.content === 'string' && delta.content !== '') {
          text += delta.content;
          onText?.(delta.content);
        }
        for (const d of delta.tool_calls ?? []) {
          const call = calls.get(d.index) ?? { id: '', name: '', arguments: '' };
          if (d.id) call.id = d.id;
          if (d.function?.name) call.name += d.function.name;
          if (d.function?.arguments) call.arguments += d.function.arguments;
          calls.set(d.index, call);
        }
      }
      const toolCalls = [...calls.entries()].sort(([a], [b]) => a - b).map(([i, c]) => ({ ...c, id: c.id || `call_${i}` }));
      if (text.trim() === '' && toolCalls.length === 0) {
        throw new ProviderError('openai', 'bad_reply', { message: 'OpenAI sent an empty reply — check the text model in Settings → Providers' });
      }
      return { text, toolCalls };
    },
  };
}

const unreadable = () => new ProviderError('openai', 'bad_reply', { message: 'OpenAI sent a transcription Koru could not read — check the transcription model' });

/** A cheap authenticated call for "Test connection". */
export async function listOpenAIModels(client: OpenAI, signal?: AbortSignal): Promise<string[]> {
  const page = await client.models.list({ signal });
  return page.data.map((m) => m.id);
}

const options = (c: Connection, s?: Partial<OpenAIOptions>): OpenAIOptions => ({ ...s, apiKey: c.apiKey, baseURL: c.baseUrl, fetch: c.fetch });

export const openaiVendor: Vendor<'openai'> = {
  speech: ({ settings, connection }) => createOpenAISpeech(options(connection, { speechModel: settings.speechModel })),
  writer: ({ settings, connection }) => createOpenAIWriter(options(connection, { textModel: settings.textModel })),
  transcriber: ({ settings, connection }) => createOpenAITranscriber(options(connection, { transcribeModel: settings.transcribeModel })),
  toolChat: ({ settings, connection }) => createOpenAIToolChat(options(connection, { textModel: settings.textModel })),
  probe: async (c, signal) => modelCount(await listOpenAIModels(createOpenAIClient(options(c)), signal)),
};
