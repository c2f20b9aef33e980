import { startMock, type MockServer, type Route } from './harness';

/** Anthropic's Messages API as Koru calls it (`POST /v1/messages`, `GET /v1/models`), with
 *  extended thinking: when the request enables it, the reply starts with a `thinking` block (and
 *  a `redacted_thinking` one) before the text. Errors are Anthropic's `{type: 'error', error:
 *  {type, message}}` with its statuses (429 rate_limit_error, 529 overloaded_error, …).
 *  SDK baseURL: `url` (host only). */
export const ANTHROPIC_MOCK_KEY = 'sk-ant-mock-0123456789abcdef';

export interface AnthropicMockOptions {
  key?: string;
  /** The reply's text; gets the last user message and the system prompt. */
  reply?: (prompt: string, system: string) => string;
  /** With `tools` in a streamed request: the model's move (call tools, or answer in text). */
  chat?: (req: AnthropicToolRequest) => AnthropicMove;
}

type Block = { type: string; text?: string; id?: string; name?: string; input?: unknown; tool_use_id?: string; content?: unknown };

/** A streamed request with tools, as the mock reads it. */
export interface AnthropicToolRequest {
  messages: Array<{ role: string; content: string | Block[] }>;
  tools: string[];
}
export type AnthropicMove = { text: string } | { calls: Array<{ name: string; input: Record<string, unknown> }>; text?: string };

interface MessagesBody {
  model: string;
  max_tokens: number;
  system?: string;
  stream?: boolean;
  tools?: Array<{ name: string; input_schema?: unknown }>;
  messages: AnthropicToolRequest['messages'];
  thinking?: { type: string; budget_tokens?: number };
}

/** Anthropic's event stream: message_start, a content block per piece of text or tool use
 *  (text in a few `text_delta`s, a tool's input JSON in two `input_json_delta` pieces), then
 *  message_delta with the stop reason and message_stop. */
function streamEvents(model: string, move: AnthropicMove): Array<{ data: string }> {
  const ev = (type: string, body: object) => ({ data: `event: ${type}\ndata: ${JSON.stringify({ type, ...body })}\n\n` });
  const usage = { input_tokens: 12, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
  const out = [ev('message_start', { message: { id: 'msg_mock_stream', type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage } })];
  let index = 0;
  const text = move.text ?? '';
  if (text) {
    out.push(ev('content_block_start', { index, content_block: { type: 'text', text: '', citations: null } }));
    for (const piece of text.match(/\S+\s*/g) ?? []) out.push(ev('content_block_delta', { index, delta: { type: 'text_delta', text: piece } }));
    out.push(ev('content_block_stop', { index }));
    index += 1;
  }
  for (const [k, call] of ('calls' in move ? move.calls : []).entries()) {
    const input = JSON.stringify(call.input);
    const half = Math.ceil(input.length / 2);
    out.push(ev('content_block_start', { index, content_block: { type: 'tool_use', id: `toolu_mock_${k}`, name: call.name, input: {} } }));
    out.push(ev('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: input.slice(0, half) } }));
    out.push(ev('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: input.slice(half) } }));
    out.push(ev('content_block_stop', { index }));
    index += 1;
  }
  out.push(ev('message_delta', { delta: { stop_reason: 'calls' in move ? 'tool_use' : 'end_turn', stop_sequence: null }, usage: { output_tokens: 34 } }));
  out.push(ev('message_stop', {}));
  return out;
}

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  503: 'api_error',
  529: 'overloaded_error',
};

const textOf = (c: MessagesBody['messages'][number]['content']) => (typeof c === 'string' ? c : c.map((b) => b.text ?? '').join(''));

/** What Claude checks of a conversation with tools: every tool_result answers a tool_use of the
 *  turn just before it, and turns alternate. */
function toolTurnProblem(messages: MessagesBody['messages']): string | null {
  for (const [i, m] of messages.entries()) {
    if (i > 0 && messages[i - 1]!.role === m.role) return `messages: roles must alternate between "user" and "assistant"`;
    if (typeof m.content === 'string') continue;
    const before = messages[i - 1];
    const asked = new Set(before && typeof before.content !== 'string' ? before.content.filter((b) => b.type === 'tool_use').map((b) => b.id) : []);
    for (const b of m.content) if (b.type === 'tool_result' && !asked.has(b.tool_use_id)) return `messages.${i}: unexpected tool_use_id found in tool_result blocks: ${b.tool_use_id}`;
  }
  return null;
}

export async function startAnthropicMock(o: AnthropicMockOptions = {}): Promise<MockServer> {
  const key = o.key ?? ANTHROPIC_MOCK_KEY;
  const reply = o.reply ?? ((p) => JSON.stringify({ echo: p }));
  const json = (body: unknown, status = 200) => ({ status, headers: { 'content-type': 'application/json', 'request-id': 'req_mock' }, body: JSON.stringify(body) });
  const invalid = (message: string) => json({ type: 'error', error: { type: 'invalid_request_error', message } }, 400);
  const routes: Route[] = [
    {
      method: 'POST',
      pattern: /^\/v1\/messages$/,
      endpoint: 'POST /v1/messages',
      handle(req) {
        const body = req.json as MessagesBody;
        if (!body?.model) return invalid('model: Field required');
        if (!Number.isInteger(body.max_tokens) || body.max_tokens < 1) return invalid('max_tokens: Field required');
        if (!Array.isArray(body.messages) || body.messages[0]?.role !== 'user') return invalid('messages: first message must use the "user" role');
        if (body.stream) {
          const problem = toolTurnProblem(body.messages);
          if (problem) return invalid(problem);
          const tools = (body.tools ?? []).map((t) => t.name);
          const last = [...body.messages].reverse().find((m) => m.role === 'user');
          const move: AnthropicMove = tools.length && o.chat ? o.chat({ messages: body.messages, tools }) : { text: reply(last ? textOf(last.content) : '', body.system ?? '') };
          return { headers: { 'content-type': 'text/event-stream', 'request-id': 'req_mock' }, chunks: streamEvents(body.model, move), body: '' };
        }
        const thinking = body.thinking?.type === 'enabled';
        if (thinking && ((body.thinking!.budget_tokens ?? 0) < 1024 || body.thinking!.budget_tokens! >= body.max_tokens)) {
          return invalid('thinking.enabled.budget_tokens: must be ≥ 1024 and less than max_tokens');
        }
        const last = [...body.messages].reverse().find((m) => m.role === 'user');
        const text = reply(last ? textOf(last.content) : '', body.system ?? '');
        const content = [
          ...(thinking
            ? [
                { type: 'thinking', thinking: 'Let me look at the repository before I write. {"not": "the answer"}', signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3h' },
                { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP' },
              ]
            : []),
          { type: 'text', text, citations: null },
        ];
        return json({
          id: 'msg_mock_01',
          type: 'message',
          role: 'assistant',
          model: body.model,
          content,
          stop_reason: 'end_turn',
          stop_sequence: null,
          usage: { input_tokens: 12, output_tokens: 34, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
        });
      },
    },
    {
      method: 'GET',
      pattern: /^\/v1\/models$/,
      endpoint: 'GET /v1/models',
      handle: () =>
        json({
          data: ['claude-sonnet-4-5', 'claude-opus-4-1'].map((id) => ({ type: 'model', id, display_name: id, created_at: '2025-09-29T00:00:00Z' })),
          has_more: false,
          first_id: 'claude-sonnet-4-5',
          last_id: 'claude-opus-4-1',
        }),
    },
  ];
  return startMock({
    routes,
    // SDK 1.x sends the key as a bearer token; the API also takes the older x-api-key header.
    authorized: (req) => req.headers.authorization === `Bearer ${key}` || req.headers['x-api-key'] === key,
    errorBody: (status, kind) => ({
      type: 'error',
      error: {
        type: ERROR_TYPES[status] ?? 'api_error',
        message: status === 401 ? 'invalid x-api-key' : status === 429 ? 'Number of request tokens has exceeded your per-minute rate limit' : status === 529 ? 'Overloaded' : `mock ${kind}`,
      },
      request_id: 'req_mock',
    }),
  });
}

export { type MockServer };
