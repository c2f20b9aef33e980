import { pcmBytes, startMock, toneFor, type MockServer, type Route } from './harness';
import { hear, lineFor } from './listen';

/** Gemini's wire format for generateContent (text and TTS) and models. SDK baseUrl: `url`. */
export const GEMINI_MOCK_KEY = 'gm-mock-key-0123456789';

interface GenerateBody {
  contents: Array<{ role?: string; parts: Array<{ text?: string; inlineData?: { mimeType: string; data: string } }> }>;
  generationConfig?: { responseModalities?: string[]; responseMimeType?: string };
}

/** A streamed request with function declarations, as the mock reads it. */
export interface GeminiToolRequest {
  contents: Array<{ role?: string; parts: Array<{ text?: string; functionCall?: { id?: string; name: string; args: unknown }; functionResponse?: { id?: string; name: string; response: { output?: string } }; thoughtSignature?: string }> }>;
  tools: string[];
}
export type GeminiMove = { text: string } | { calls: Array<{ name: string; args: Record<string, unknown> }>; text?: string };

export async function startGeminiMock(o: { key?: string; reply?: (prompt: string, json: boolean) => string; chat?: (req: GeminiToolRequest) => GeminiMove; lines?: readonly string[] } = {}): Promise<MockServer> {
  const key = o.key ?? GEMINI_MOCK_KEY;
  const reply = o.reply ?? ((p, json) => (json ? JSON.stringify({ echo: p }) : `You said: ${p}`));
  const json = (body: unknown) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const routes: Route[] = [
    {
      // Server-sent events (`?alt=sse`): a GenerateContentResponse per event; function calls as
      // `functionCall` parts carrying an id and a thought signature to echo back.
      method: 'POST',
      pattern: /^\/v1beta\/models\/([^/:]+):streamGenerateContent$/,
      endpoint: 'POST /v1beta/models/:model:streamGenerateContent',
      handle(req, m) {
        const body = req.json as Omit<GeminiToolRequest, 'tools'> & { tools?: Array<{ functionDeclarations?: Array<{ name: string }> }> };
        const tools = (body.tools ?? []).flatMap((t) => (t.functionDeclarations ?? []).map((f) => f.name));
        const prompt = body.contents.at(-1)?.parts.map((p) => p.text ?? '').join('') ?? '';
        const move: GeminiMove = tools.length && o.chat ? o.chat({ contents: body.contents, tools }) : { text: reply(prompt, false) };
        const ev = (parts: unknown[], finish?: string) =>
          `data: ${JSON.stringify({ candidates: [{ content: { role: 'model', parts }, index: 0, ...(finish ? { finishReason: finish } : {}) }], modelVersion: m[1] })}\r\n\r\n`;
        const chunks: Array<{ data: string }> = [];
        const text = 'text' in move ? (move.text ?? '') : '';
        for (const piece of text.match(/[^.!?]+[.!?]*\s*/g) ?? []) chunks.push({ data: ev([{ text: piece }]) });
        if ('calls' in move) {
          chunks.push({ data: ev(move.calls.map((c, i) => ({ functionCall: { id: `fc_${i}`, name: c.name, args: c.args }, thoughtSignature: `sig-${i}` }))) });
        }
        chunks.push({ data: ev([{ text: '' }], 'STOP') });
        return { headers: { 'content-type': 'text/event-stream' }, chunks, body: '' };
      },
    },
    {
      method: 'POST',
      pattern: /^\/v1beta\/models\/([^/:]+):generateContent$/,
      endpoint: 'POST /v1beta/models/:model:generateContent',
      handle(req, m) {
        const body = req.json as GenerateBody;
        const prompt = body.contents.at(-1)?.parts.map((p) => p.text ?? '').join('') ?? '';
        const usage = { promptTokenCount: 5, candidatesTokenCount: 5, totalTokenCount: 10 };
        if (body.generationConfig?.responseModalities?.includes('AUDIO')) {
          if (!m[1]!.includes('tts')) return { status: 400, ...json({ error: { code: 400, message: 'This model does not support audio output', status: 'INVALID_ARGUMENT' } }) };
          const data = pcmBytes(toneFor(prompt, 24_000)).toString('base64');
          const parts = [{ inlineData: { mimeType: 'audio/L16;codec=pcm;rate=24000', data } }];
          return json({ candidates: [{ content: { role: 'model', parts }, finishReason: 'STOP', index: 0 }], usageMetadata: usage, modelVersion: m[1] });
        }
        const audio = body.contents.at(-1)?.parts.find((p) => p.inlineData?.mimeType.startsWith('audio/'))?.inlineData;
        if (audio) {
          // Listening: the timed transcript Koru asks for, as JSON text.
          const heard = hear(Buffer.from(audio.data, 'base64'));
          if (!heard) return { status: 400, ...json({ error: { code: 400, message: 'Unable to process input audio', status: 'INVALID_ARGUMENT' } }) };
          const segments = heard.regions.map((r, i) => ({ start: Math.round(r.start * 100) / 100, end: Math.round(r.end * 100) / 100, text: lineFor(i, o.lines) }));
          const transcript = JSON.stringify({ language: 'en', segments });
          return json({ candidates: [{ content: { role: 'model', parts: [{ text: transcript }] }, finishReason: 'STOP', index: 0 }], usageMetadata: usage, modelVersion: m[1] });
        }
        const text = reply(prompt, body.generationConfig?.responseMimeType === 'application/json');
        return json({ candidates: [{ content: { role: 'model', parts: [{ text }] }, finishReason: 'STOP', index: 0 }], usageMetadata: usage, modelVersion: m[1] });
      },
    },
    {
      method: 'GET',
      pattern: /^\/v1beta\/models$/,
      endpoint: 'GET /v1beta/models',
      handle: () =>
        json({ models: ['gemini-2.5-flash', 'gemini-2.5-flash-preview-tts'].map((id) => ({ name: `models/${id}`, displayName: id, supportedGenerationMethods: ['generateContent'] })) }),
    },
  ];
  const statusName: Record<number, string> = { 400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 429: 'RESOURCE_EXHAUSTED', 500: 'INTERNAL', 503: 'UNAVAILABLE' };
  return startMock({
    routes,
    authorized: (req) => req.headers['x-goog-api-key'] === key,
    // Gemini says how long to wait inside the body (google.rpc.RetryInfo), not in a header.
    errorBody: (status, kind, fault) => ({
      error: {
        code: status,
        message: status === 401 ? 'API key not valid. Please pass a valid API key.' : `mock ${kind}`,
        status: statusName[status] ?? 'UNKNOWN',
        ...(status === 429 && fault?.retryAfterMs !== undefined
          ? { details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${fault.retryAfterMs / 1000}s` }] }
          : {}),
      },
    }),
  });
}

export { type MockServer };
