import { pcmBytes, startMock, toneFor, type MockServer, type Route } from './harness';
import { hear, lineFor, wordsOf } from './listen';

/** OpenAI's wire format for the endpoints Koru calls. Base URL for the SDK: `${url}/v1`. */
export interface OpenAIMockOptions {
  key?: string;
  /** What chat completions answer; gets the last user message and whether JSON was asked for. */
  reply?: (prompt: string, json: boolean) => string;
  /** What transcription hears, one line per stretch of sound in the uploaded WAV (cycling). */
  lines?: readonly string[];
  /** With `tools` in the request: the model's move (call functions, or answer in text). */
  chat?: (req: ToolChatRequest) => ToolMove;
  /** Between streamed pieces, ms (a model writes as it thinks). */
  streamDelayMs?: number;
  /** What transcriptions answer (default: how many bytes arrived). */
  transcript?: (bytes: number) => string;
}

/** A chat request as the mock reads it: messages in OpenAI's shapes, tool names offered. */
export interface ToolChatRequest {
  messages: Array<{ role: string; content: string | null; tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>; tool_call_id?: string }>;
  tools: string[];
}
export type ToolMove = { text: string } | { calls: Array<{ name: string; arguments: string }>; text?: string };

/** OpenAI's stream: chat.completion.chunk events, text in a few pieces, each tool call as its
 *  id and name first and its arguments in two pieces, then `[DONE]`. */
function streamChunks(model: string, move: ToolMove, delayMs: number): Array<{ data: string; delayMs?: number }> {
  const base = { id: 'chatcmpl-mock', object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model };
  const ev = (delta: object, finish: string | null = null) => `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }] })}\n\n`;
  const out: Array<{ data: string; delayMs?: number }> = [{ data: ev({ role: 'assistant', content: '' }) }];
  const text = 'text' in move ? (move.text ?? '') : '';
  for (const piece of text.match(/\S+\s*/g) ?? []) out.push({ data: ev({ content: piece }), delayMs });
  if ('calls' in move) {
    move.calls.forEach((c, index) => {
      const half = Math.ceil(c.arguments.length / 2);
      out.push({ data: ev({ tool_calls: [{ index, id: `call_mock_${index}_${Math.random().toString(36).slice(2, 8)}`, type: 'function', function: { name: c.name, arguments: '' } }] }), delayMs });
      out.push({ data: ev({ tool_calls: [{ index, function: { arguments: c.arguments.slice(0, half) } }] }) });
      out.push({ data: ev({ tool_calls: [{ index, function: { arguments: c.arguments.slice(half) } }] }) });
    });
  }
  out.push({ data: ev({}, 'calls' in move ? 'tool_calls' : 'stop') });
  return out;
}

/** OpenAI refuses uploads over 25 MB with a 413. */
const UPLOAD_LIMIT = 25 * 1024 * 1024;

export const OPENAI_MOCK_KEY = 'sk-mock-openai-0123456789';

export async function startOpenAIMock(o: OpenAIMockOptions = {}): Promise<MockServer> {
  const key = o.key ?? OPENAI_MOCK_KEY;
  const reply = o.reply ?? ((p, json) => (json ? JSON.stringify({ echo: p }) : `You said: ${p}`));
  const routes: Route[] = [
    {
      method: 'POST',
      pattern: /^\/v1\/chat\/completions$/,
      endpoint: 'POST /v1/chat/completions',
      handle(req) {
        const body = req.json as { model: string; messages: Array<{ role: string; content: string }>; response_format?: { type: string }; stream?: boolean; tools?: Array<{ function: { name: string } }> };
        const last = [...body.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
        if (body.stream) {
          const tools = (body.tools ?? []).map((t) => t.function.name);
          const move = tools.length && o.chat ? o.chat({ messages: body.messages as ToolChatRequest['messages'], tools }) : { text: reply(last, false) };
          return { headers: { 'content-type': 'text/event-stream' }, chunks: streamChunks(body.model, move, o.streamDelayMs ?? 0), body: 'data: [DONE]\n\n' };
        }
        const content = reply(last, body.response_format?.type === 'json_object');
        return {
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            id: 'chatcmpl-mock',
            object: 'chat.completion',
            created: Math.floor(Date.now() / 1000),
            model: body.model,
            choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop', logprobs: null }],
            usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
          }),
        };
      },
    },
    {
      method: 'POST',
      pattern: /^\/v1\/audio\/speech$/,
      endpoint: 'POST /v1/audio/speech',
      handle(req) {
        const body = req.json as { input: string; response_format?: string };
        if (!body?.input) return { status: 400, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: { message: 'input is required', type: 'invalid_request_error' } }) };
        // Only 'pcm' is produced (24 kHz s16le mono), the one format Koru asks for.
        return { headers: { 'content-type': 'audio/pcm' }, body: pcmBytes(toneFor(body.input, 24_000)) };
      },
    },
    {
      method: 'POST',
      pattern: /^\/v1\/audio\/transcriptions$/,
      endpoint: 'POST /v1/audio/transcriptions',
      async handle(req) {
        const error = (status: number, message: string) => ({ status, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: { message, type: 'invalid_request_error', param: 'file', code: null } }) });
        if (req.raw.length > UPLOAD_LIMIT) return error(413, `Maximum content size limit (${UPLOAD_LIMIT}) exceeded (${req.raw.length} bytes read)`);
        const form = await new Response(new Uint8Array(req.raw), { headers: { 'content-type': String(req.headers['content-type']) } }).formData();
        const file = form.get('file') as File | null;
        if (file && o.transcript) {
          // An assistant's turn: whatever was uploaded, the line it is told to hear.
          const text = o.transcript(file.size);
          const verbose = String(form.get('response_format')) === 'verbose_json';
          const body = verbose ? { task: 'transcribe', language: 'english', duration: 3, text, segments: [{ id: 0, seek: 0, start: 0, end: 3, text: ` ${text}`, tokens: [1], temperature: 0, avg_logprob: -0.1, compression_ratio: 1, no_speech_prob: 0 }] } : { text };
          return { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
        }
        const heard = file ? hear(new Uint8Array(await file.arrayBuffer())) : null;
        if (!heard) return error(400, 'Invalid file format. Supported formats: flac, m4a, mp3, mp4, mpeg, mpga, oga, ogg, wav, webm');
        const format = String(form.get('response_format') ?? 'json');
        const grains = form.getAll('timestamp_granularities[]').map(String);
        const segments = heard.regions.map((r, id) => ({ id, seek: 0, start: r.start, end: r.end, text: ` ${lineFor(id, o.lines)}`, tokens: [id], temperature: 0, avg_logprob: -0.1, compression_ratio: 1, no_speech_prob: 0 }));
        const text = segments.map((s) => s.text.trim()).join(' ');
        if (format !== 'verbose_json') return { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) };
        const words = grains.includes('word') ? segments.flatMap((s) => wordsOf(s.text.trim(), s.start, s.end)) : undefined;
        const body = { task: 'transcribe', language: 'english', duration: heard.durationSec, text, ...(grains.includes('segment') || !words ? { segments } : {}), ...(words ? { words } : {}) };
        return { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
      },
    },
    {
      method: 'GET',
      pattern: /^\/v1\/models$/,
      endpoint: 'GET /v1/models',
      handle: () => ({
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          object: 'list',
          data: ['gpt-4o-mini', 'gpt-4o-mini-tts', 'whisper-1'].map((id) => ({ id, object: 'model', created: 0, owned_by: 'mock' })),
        }),
      }),
    },
  ];
  return startMock({
    routes,
    authorized: (req) => req.headers.authorization === `Bearer ${key}`,
    errorBody: (status, kind) => ({
      error: {
        message: status === 401 ? 'Incorrect API key provided' : status === 429 ? 'Rate limit reached for requests' : `mock ${kind}`,
        type: status === 429 ? 'requests' : status >= 500 ? 'server_error' : 'invalid_request_error',
        param: null,
        code: status === 401 ? 'invalid_api_key' : status === 429 ? 'rate_limit_exceeded' : null,
      },
    }),
  });
}
