import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OPENAI_MOCK_KEY, startOpenAIMock, type MockServer } from '../../test/mocks';
import { ProviderError, parseRetryAfter } from './errors';
import { createOpenAISpeech } from './openai';
import { createQueue } from './queue';
import { queuedSpeech } from './queued';

let mock: MockServer;
beforeAll(async () => {
  mock = await startOpenAIMock();
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const speech = (q: ReturnType<typeof createQueue>) =>
  queuedSpeech(createOpenAISpeech({ apiKey: OPENAI_MOCK_KEY, baseURL: `${mock.url}/v1` }), q);

describe('Retry-After parsing', () => {
  it('reads delta-seconds and HTTP dates, ignores garbage', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('4', now)).toBe(4000);
    expect(parseRetryAfter('0.5', now)).toBe(500);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:07 GMT', now)).toBe(7000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('provider queue', () => {
  it('never exceeds its concurrency (measured in flight at the mock)', async () => {
    mock.latencyMs = 25;
    const q = createQueue({ provider: 'openai', concurrency: 3 });
    const s = speech(q);
    await Promise.all(Array.from({ length: 12 }, (_, i) => s.speak({ text: `Line ${i}.`, voice: 'alloy' })));
    expect(mock.maxInFlight).toBe(3);
    expect(q.stats()).toMatchObject({ maxInFlight: 3, succeeded: 12, attempts: 12, retries: 0 });
  });

  it('honours Retry-After in seconds from a real 429', async () => {
    mock.inject({ kind: 'rate_limit', retryAfter: '1' });
    const q = createQueue({ provider: 'openai', concurrency: 1, baseDelayMs: 10 });
    const t0 = Date.now();
    await speech(q).speak({ text: 'Hello.', voice: 'alloy' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1000);
    expect(q.stats()).toMatchObject({ attempts: 2, retries: 1, failures: { rate_limited: 1 } });
  });

  it('prefers retry-after-ms, and gives up when Retry-After is longer than it will wait', async () => {
    mock.inject({ kind: 'rate_limit', retryAfter: '30', retryAfterMs: 120 });
    const q = createQueue({ provider: 'openai', concurrency: 1, maxRetryAfterMs: 5_000 });
    const t0 = Date.now();
    await speech(q).speak({ text: 'Hello.', voice: 'alloy' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(120);
    expect(Date.now() - t0).toBeLessThan(2_000);
    mock.inject({ kind: 'rate_limit', retryAfter: '120' });
    const err = await speech(q).speak({ text: 'Hello.', voice: 'alloy' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ failure: 'rate_limited', retryAfterMs: 120_000, attempts: 1 });
    expect((err as Error).message).toBe('OpenAI is rate-limiting Koru; retrying in 120 s');
  });

  it('backs off exponentially between attempts and stops after maxRetries', async () => {
    const times: number[] = [];
    const q = createQueue({ provider: 'gemini', concurrency: 1, maxRetries: 3, baseDelayMs: 20, random: () => 1 });
    const err = await q
      .run(async () => {
        times.push(Date.now());
        throw new ProviderError('gemini', 'server', { status: 500 });
      })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ failure: 'server', attempts: 4 });
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(gaps).toHaveLength(3);
    expect(gaps[0]!).toBeGreaterThanOrEqual(19);
    expect(gaps[1]!).toBeGreaterThanOrEqual(39);
    expect(gaps[2]!).toBeGreaterThanOrEqual(79);
    expect(q.stats()).toMatchObject({ attempts: 4, retries: 3, failed: 1 });
  });

  it('times out an attempt that hangs, even if the task ignores its signal', async () => {
    const q = createQueue({ provider: 'openai', concurrency: 1, maxRetries: 1, attemptTimeoutMs: 50, baseDelayMs: 5 });
    const t0 = Date.now();
    const err = await q.run(() => new Promise(() => {})).catch((e: unknown) => e);
    expect(err).toMatchObject({ failure: 'timeout', attempts: 2 });
    expect(Date.now() - t0).toBeLessThan(500);
    expect(q.stats().inFlight).toBe(0);
  });

  it('is abortable while waiting for a slot and while backing off', async () => {
    const q = createQueue({ provider: 'openai', concurrency: 1, baseDelayMs: 10_000 });
    const hold = q.run(() => new Promise((r) => setTimeout(r, 100)));
    const ac = new AbortController();
    const waiting = q.run(async () => 'never', { signal: ac.signal });
    ac.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    await hold;
    const ac2 = new AbortController();
    const t0 = Date.now();
    const backingOff = q.run(
      async () => {
        throw new ProviderError('openai', 'server');
      },
      { signal: ac2.signal },
    );
    setTimeout(() => ac2.abort(), 30);
    await expect(backingOff).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - t0).toBeLessThan(1_000);
  });

  it('rejects a bad concurrency', () => {
    expect(() => createQueue({ provider: 'openai', concurrency: 0 })).toThrow(/concurrency/);
  });
});
