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
}

interface MessagesBody {
  model: string;
  max_tokens: number;
  system?: string;
  messages: Array<{ role: string; content: string | Array<{ type: string; text?: string }> }>;
  thinking?: { type: string; budget_tokens?: number };
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
