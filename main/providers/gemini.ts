import { GoogleGenAI, type Content, type Part } from '@google/genai';
import { z } from 'zod';
import { KoruError } from '../../contract/errors';
import { parseL16 } from './audio';
import { ProviderError } from './errors';
import type { ChatMessage, SpeechSynth, TextWriter, ToolCall, ToolChat, ToolMessage, Transcriber } from './types';
import { modelCount, type Connection, type Vendor } from './vendor';

/** Gemini text and TTS on @google/genai. */
export interface GeminiOptions {
  apiKey: string;
  baseUrl?: string;
  textModel?: string;
  speechModel?: string;
  timeoutMs?: number;
  /** The registry passes the guarded fetch (guarded-fetch.ts). */
  fetch?: typeof fetch;
}

/** The prebuilt TTS voices (Gemini has no voice-list endpoint). */
export const GEMINI_VOICES = [
  'Zephyr', 'Puck', 'Charon', 'Kore', 'Fenrir', 'Leda', 'Orus', 'Aoede', 'Callirrhoe', 'Autonoe',
  'Enceladus', 'Iapetus', 'Umbriel', 'Algieba', 'Despina', 'Erinome', 'Algenib', 'Rasalgethi',
  'Laomedeia', 'Achernar', 'Alnilam', 'Schedar', 'Gacrux', 'Pulcherrima', 'Achird',
  'Zubenelgenubi', 'Vindemiatrix', 'Sadachbia', 'Sadaltager', 'Sulafat',
];
/** TTS requests share a 32k-token context with the prompt; keep chunks comfortably inside it. */
export const GEMINI_SPEECH_MAX_CHARS = 4000;

export function createGeminiClient(o: GeminiOptions): GoogleGenAI {
  // No retryOptions: the SDK then makes exactly one attempt (our queue retries).
  return new GoogleGenAI({
    apiKey: o.apiKey,
    httpOptions: { ...(o.baseUrl ? { baseUrl: o.baseUrl } : {}), timeout: o.timeoutMs ?? 120_000, ...(o.fetch ? { fetch: o.fetch } : {}) },
  });
}

function toContents(messages: ChatMessage[]): { system?: string; contents: Content[] } {
  const system = messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n\n');
  const contents = messages
    .filter((m) => m.role !== 'system')
    .map((m) => ({ role: m.role === 'assistant' ? 'model' : 'user', parts: [{ text: m.content }] }));
  return { ...(system ? { system } : {}), contents };
}

export function createGeminiWriter(o: GeminiOptions, ai = createGeminiClient(o)): TextWriter {
  return {
    provider: 'gemini',
    async write({ messages, json, model, signal }) {
      const { system, contents } = toContents(messages);
      if (contents.length === 0) throw new KoruError('BAD_INPUT', 'Gemini needs at least one user message');
      const res = await ai.models.generateContent({
        model: model ?? o.textModel ?? 'gemini-2.5-flash',
        contents,
        config: {
          ...(system ? { systemInstruction: system } : {}),
          ...(json ? { responseMimeType: 'application/json' } : {}),
          ...(signal ? { abortSignal: signal } : {}),
        },
      });
      const text = res.text;
      if (typeof text !== 'string' || text.trim() === '') {
        throw new ProviderError('gemini', 'bad_reply', { message: 'Gemini sent an empty reply — check the text model in Settings → Providers' });
      }
      if (json) {
        try {
          JSON.parse(text);
        } catch {
          throw new ProviderError('gemini', 'bad_reply', { message: 'Gemini replied with text that is not JSON — try another text model' });
        }
      }
      return text;
    },
  };
}

export function createGeminiSpeech(o: GeminiOptions, ai = createGeminiClient(o)): SpeechSynth {
  return {
    provider: 'gemini',
    maxChars: GEMINI_SPEECH_MAX_CHARS,
    async voices() {
      return GEMINI_VOICES.map((id) => ({ id, name: id }));
    },
    async speak({ text, voice, model, signal }) {
      if (text.trim() === '') throw new KoruError('BAD_INPUT', 'nothing to speak: the text is empty');
      if (text.length > GEMINI_SPEECH_MAX_CHARS) {
        throw new KoruError('BAD_INPUT', `Gemini speech takes at most ${GEMINI_SPEECH_MAX_CHARS} characters per request here (got ${text.length}); chunk it first`);
      }
      const res = await ai.models.generateContent({
        model: model ?? o.speechModel ?? 'gemini-2.5-flash-preview-tts',
        contents: [{ role: 'user', parts: [{ text }] }],
        config: {
          responseModalities: ['AUDIO'],
          speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: voice } } },
          ...(signal ? { abortSignal: signal } : {}),
        },
      });
      const part = res.candidates?.[0]?.content?.parts?.find((p) => p.inlineData?.data);
      const data = part?.inlineData?.data;
      const mime = part?.inlineData?.mimeType;
      if (!data || !/^audio\/(L16|pcm)/i.test(mime ?? '')) {
        throw new ProviderError('gemini', 'bad_reply', { message: 'Gemini sent no audio — check the speech model (a *-tts model) in Settings → Providers' });
      }
      const audio = parseL16(data, mime);
      if (audio.samples.length === 0) throw new ProviderError('gemini', 'bad_reply');
      return audio;
    },
  };
}

/** Inline audio rides in a request of at most 20 MB, as base64 (4/3 larger). */
export const GEMINI_UPLOAD_MAX_BYTES = 14 * 1024 * 1024;

const GeminiTranscript = z.object({
  language: z.string().optional(),
  segments: z.array(z.object({ start: z.number().min(0), end: z.number().min(0), text: z.string(), speaker: z.string().optional() })),
});

const TRANSCRIBE_PROMPT =
  'Transcribe this audio verbatim. Reply with JSON only: {"language": "<BCP-47 code>", "segments": [{"start": <seconds>, "end": <seconds>, "text": "<what was said>", "speaker": "<speaker label>"}]}, one segment per sentence or phrase, times in seconds from the start of the audio.';

/** The fallback transcriber: Gemini listens to the audio and answers timed segments as JSON. */
export function createGeminiTranscriber(o: GeminiOptions & { transcribeModel?: string }, ai = createGeminiClient(o)): Transcriber {
  return {
    provider: 'gemini',
    maxUploadBytes: GEMINI_UPLOAD_MAX_BYTES,
    timed: true,
    async transcribe({ audio, language, signal }) {
      if (audio.byteLength === 0) throw new KoruError('BAD_INPUT', 'nothing to transcribe: the audio is empty');
      if (audio.byteLength > GEMINI_UPLOAD_MAX_BYTES) throw new KoruError('BAD_INPUT', `Gemini takes inline audio up to ${GEMINI_UPLOAD_MAX_BYTES / 1048576} MB; split it first`);
      const res = await ai.models.generateContent({
        model: o.transcribeModel ?? o.textModel ?? 'gemini-2.5-flash',
        contents: [
          {
            role: 'user',
            parts: [
              { inlineData: { mimeType: 'audio/wav', data: Buffer.from(audio.buffer, audio.byteOffset, audio.byteLength).toString('base64') } },
              { text: language ? `${TRANSCRIBE_PROMPT} The language is ${language}.` : TRANSCRIBE_PROMPT },
            ],
          },
        ],
        config: { responseMimeType: 'application/json', ...(signal ? { abortSignal: signal } : {}) },
      });
      let parsed;
      try {
        parsed = GeminiTranscript.parse(JSON.parse(res.text ?? ''));
      } catch {
        throw new ProviderError('gemini', 'bad_reply', { message: 'Gemini sent a transcription Koru could not read — check the transcription model' });
      }
      const segments = parsed.segments.map((s) => ({ start: s.start, end: Math.max(s.start, s.end), text: s.text.trim(), ...(s.speaker ? { speaker: s.speaker } : {}) })).filter((s) => s.text !== '');
      return { text: segments.map((s) => s.text).join(' '), ...(parsed.language ? { language: parsed.language } : {}), segments };
    },
  };
}

/** Tool messages as Gemini contents: calls are `functionCall` parts of a model turn (with their
 *  thought signature echoed), results `functionResponse` parts of a user turn, `{ output }`. */
function toolContents(messages: ToolMessage[]): { system?: string; contents: Content[] } {
  const system = messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n\n');
  const contents: Content[] = [];
  for (const m of messages) {
    if (m.role === 'system') continue;
    let part: Part[];
    let role: 'user' | 'model';
    if (m.role === 'tool') {
      role = 'user';
      part = [{ functionResponse: { id: m.callId, name: m.name, response: { output: m.content } } }];
    } else if (m.role === 'assistant') {
      role = 'model';
      part = [
        ...(m.content ? [{ text: m.content }] : []),
        ...(m.toolCalls ?? []).map((c) => ({ functionCall: { id: c.id, name: c.name, args: parseArgs(c.arguments) }, ...(c.signature ? { thoughtSignature: c.signature } : {}) })),
      ];
    } else {
      role = 'user';
      part = [{ text: m.content }];
    }
    // Consecutive function responses belong in one user turn.
    const last = contents.at(-1);
    if (last && last.role === role && role === 'user' && m.role === 'tool') last.parts!.push(...part);
    else contents.push({ role, parts: part });
  }
  return { ...(system ? { system } : {}), contents };
}

function parseArgs(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** generateContentStream with function declarations (`parametersJsonSchema`): text parts go to
 *  `onText` as they stream; `functionCall` parts become tool calls (args back to JSON text). */
export function createGeminiToolChat(o: GeminiOptions, ai = createGeminiClient(o)): ToolChat {
  return {
    provider: 'gemini',
    async turn({ messages, tools, model, onText, signal }) {
      const { system, contents } = toolContents(messages);
      if (contents.length === 0) throw new KoruError('BAD_INPUT', 'Gemini needs at least one user message');
      const stream = await ai.models.generateContentStream({
        model: model ?? o.textModel ?? 'gemini-2.5-flash',
        contents,
        config: {
          ...(system ? { systemInstruction: system } : {}),
          ...(tools.length ? { tools: [{ functionDeclarations: tools.map((t) => ({ name: t.name, description: t.description, parametersJsonSchema: t.parameters })) }] } : {}),
          ...(signal ? { abortSignal: signal } : {}),
        },
      });
      let text = '';
      const toolCalls: ToolCall[] = [];
      for await (const chunk of stream) {
        for (const part of chunk.candidates?.[0]?.content?.parts ?? []) {
          if (part.functionCall?.name) {
            const c = part.functionCall;
            toolCalls.push({ id: c.id ?? `call_${toolCalls.length}`, name: c.name!, arguments: JSON.stringify(c.args ?? {}), ...(part.thoughtSignature ? { signature: part.thoughtSignature } : {}) });
          } else if (typeof part.text === 'string' && part.text !== '' && !part.thought) {
            text += part.text;
            onText?.(part.text);
          }
        }
      }
      if (text.trim() === '' && toolCalls.length === 0) {
        throw new ProviderError('gemini', 'bad_reply', { message: 'Gemini sent an empty reply — check the text model in Settings → Providers' });
      }
      return { text, toolCalls };
    },
  };
}

/** A cheap authenticated call for "Test connection". */
export async function listGeminiModels(ai: GoogleGenAI, signal?: AbortSignal): Promise<string[]> {
  const pager = await ai.models.list({ config: { pageSize: 50, ...(signal ? { abortSignal: signal } : {}) } });
  return pager.page.map((m) => m.name ?? '');
}

const options = (c: Connection, s?: Partial<GeminiOptions>): GeminiOptions => ({ ...s, apiKey: c.apiKey, baseUrl: c.baseUrl, fetch: c.fetch });

export const geminiVendor: Vendor<'gemini'> = {
  speech: ({ settings, connection }) => createGeminiSpeech(options(connection, { speechModel: settings.speechModel })),
  writer: ({ settings, connection }) => createGeminiWriter(options(connection, { textModel: settings.textModel })),
  transcriber: ({ settings, connection }) => createGeminiTranscriber({ ...options(connection), transcribeModel: settings.transcribeModel }),
  toolChat: ({ settings, connection }) => createGeminiToolChat(options(connection, { textModel: settings.textModel })),
  probe: async (c, signal) => modelCount(await listGeminiModels(createGeminiClient(options(c)), signal)),
};
