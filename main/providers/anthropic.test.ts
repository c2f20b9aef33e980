import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ANTHROPIC_MOCK_KEY, startAnthropicMock, type MockServer } from '../../test/mocks';
import { createAnthropicClient, createAnthropicWriter, listAnthropicModels, toClaudeMessages } from './anthropic';
import { ProviderError } from './errors';
import { createQueue } from './queue';
import { queuedWriter } from './queued';

let mock: MockServer;
const opts = () => ({ apiKey: ANTHROPIC_MOCK_KEY, baseURL: mock.url });

beforeAll(async () => {
  mock = await startAnthropicMock({ reply: (p, system) => JSON.stringify({ echo: p, system }) });
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

describe('Anthropic Claude against the mock (real SDK)', () => {
  it('asks with extended thinking and reads only the text blocks, never the thinking', async () => {
    const w = createAnthropicWriter({ ...opts(), textModel: 'claude-x', thinkingBudget: 2048 });
    const out = await w.write({ messages: [{ role: 'system', content: 'Be exact.' }, { role: 'user', content: 'the router' }], json: true });
    const parsed = JSON.parse(out) as { echo: string; system: string };
    expect(parsed.echo).toBe('the router');
    expect(parsed.system).toMatch(/^Be exact\.[\s\S]*JSON object only/);
    expect(out).not.toContain('not the answer');
    const req = mock.requests.at(-1)!;
    expect(req.headers.authorization).toBe(`Bearer ${ANTHROPIC_MOCK_KEY}`);
    expect(req.headers['anthropic-version']).toBeTruthy();
    expect(req.json).toMatchObject({ model: 'claude-x', thinking: { type: 'enabled', budget_tokens: 2048 }, messages: [{ role: 'user', content: 'the router' }] });
    const body = req.json as { max_tokens: number };
    expect(body.max_tokens).toBeGreaterThan(2048);
  });

  it('sends no thinking block when the budget is 0', async () => {
    const w = createAnthropicWriter({ ...opts(), thinkingBudget: 0 });
    await w.write({ messages: [{ role: 'user', content: 'hi' }] });
    expect((mock.requests.at(-1)!.json as { thinking?: unknown }).thinking).toBeUndefined();
  });

  it('merges turns so roles alternate, and keeps system text apart', () => {
    expect(
      toClaudeMessages([
        { role: 'system', content: 'S' },
        { role: 'user', content: 'a' },
        { role: 'user', content: 'b' },
        { role: 'assistant', content: 'c' },
      ]),
    ).toEqual({ system: 'S', messages: [{ role: 'user', content: 'a\n\nb' }, { role: 'assistant', content: 'c' }] });
  });

  it('lists models for the connection test', async () => {
    expect(await listAnthropicModels(createAnthropicClient(opts()))).toContain('claude-sonnet-4-5');
  });

  it.each([
    ['auth', 'auth', 401],
    ['rate_limit', 'rate_limited', 429],
    ['overloaded', 'busy', 529],
    ['server', 'server', 500],
    ['bad_request', 'bad_request', 400],
    ['malformed', 'bad_reply', undefined],
  ] as const)('maps %s to %s', async (kind, failure, status) => {
    mock.inject({ kind, retryAfter: '2' });
    const q = createQueue({ provider: 'anthropic', concurrency: 1, maxRetries: 0 });
    const w = queuedWriter(createAnthropicWriter(opts()), q);
    const err = await w.write({ messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ provider: 'anthropic', failure, ...(status ? { status } : {}) });
    if (kind === 'rate_limit') expect((err as ProviderError).retryAfterMs).toBe(2000);
  });

  it('a wrong key is refused by the mock with Anthropic’s error shape', async () => {
    const w = createAnthropicWriter({ apiKey: 'sk-ant-wrong', baseURL: mock.url });
    const q = createQueue({ provider: 'anthropic', concurrency: 1, maxRetries: 0 });
    const err = await queuedWriter(w, q).write({ messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ failure: 'auth', message: expect.stringMatching(/Anthropic rejected the API key/) });
  });
});
