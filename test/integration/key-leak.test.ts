/**
 * The stored API keys, attacked the way any caller of the contract could: over a real web-mode
 * WebSocket into the real router, store a key for a legitimate (mock) endpoint, then try to get
 * it sent somewhere else: point the provider's base URL at a listener we control, or have the
 * legitimate server answer with a 307 to that listener. Every channel that makes a request is
 * called; the listener must never see the key in a header, the query or the body.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { cloudOf, hasCapability, KEYED_PROVIDERS, OFFLINE, ProviderSettings, voiceOf, type KeyedProviderId, type ProviderStatus } from '../../contract/providers';
import type { ServerMessage } from '../../contract/wire';
import { silentAudio } from '../../main/playback/testing';
import { createApp, type App } from '../../main/app';
import { startWebServer, type WebServer } from '../../main/web/server';
import { MOCKS, startListener, type Listener, type MockServer } from '../mocks';

const work = mkdtempSync(join(tmpdir(), 'koru-key-leak-'));
const DEFAULTS = ProviderSettings.parse({});

/** The renderer's side of web mode, reduced to calls and events. */
async function connect(server: WebServer) {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  let next = 1;
  const pending = new Map<number, (m: Extract<ServerMessage, { t: 'result' }>) => void>();
  const listeners = new Set<(name: string, payload: unknown) => void>();
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as ServerMessage;
    if (m.t === 'result') pending.get(m.id)?.(m);
    else for (const l of listeners) l(m.name, m.payload);
  });
  const call = <T = unknown>(channel: string, input: unknown = {}): Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }> =>
    new Promise((resolve) => {
      const id = next++;
      pending.set(id, (m) => resolve(m.result as never));
      ws.send(JSON.stringify({ t: 'call', id, channel, input }));
    });
  const ok = async <T = unknown>(channel: string, input: unknown = {}): Promise<T> => {
    const r = await call<T>(channel, input);
    if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
    return r.value;
  };
  const until = (test: (name: string, payload: unknown) => boolean) =>
    new Promise<void>((resolve) => {
      const l = (name: string, payload: unknown) => {
        if (!test(name, payload)) return;
        listeners.delete(l);
        resolve();
      };
      listeners.add(l);
    });
  return { call, ok, until, close: () => ws.terminate() };
}
type Client = Awaited<ReturnType<typeof connect>>;

async function boot(name: string, env: NodeJS.ProcessEnv): Promise<{ app: App; server: WebServer; client: Client }> {
  const app = await createApp({ dataDir: join(work, name), mode: 'web', env, log: () => {}, audio: silentAudio() });
  const server = await startWebServer({ router: app.router, events: app.events, staticDir: join(work, 'no-renderer'), log: () => {} });
  return { app, server, client: await connect(server) };
}

/** The base URL its SDK wants, for any server (OpenAI's carries /v1). */
const baseFor = (p: KeyedProviderId, url: string) => MOCKS[p].baseUrl({ url } as MockServer);
const statusOf = async (c: Client, p: KeyedProviderId) => (await c.ok<ProviderStatus[]>('providers.status')).find((s) => s.provider === p)!;

/** Every channel that makes a provider request, for provider `p`. Failures are expected (the
 *  listener answers 401, redirects are refused): what counts is what was sent. */
async function everyRequest(c: Client, p: KeyedProviderId): Promise<void> {
  await c.call('providers.test', { provider: p });
  await c.call('providers.voices', { provider: p });
  await c.call('providers.preview', { provider: p, voice: voiceOf(DEFAULTS, p), text: `Hello from ${p}, a fresh sentence ${Math.random()}.` });
  // GitHub neither writes nor speaks: its requests are the connection test (code stories' own
  // requests are attacked in main/stories/source/source.test.ts).
  if (!hasCapability(p, 'speech')) return;
  // A ritual written (when it writes) and voiced by this provider: wait for the first segment,
  // which this provider is asked for first, then stop.
  const started = await c.ok<{ id: string }>('rituals.generate', {
    intention: 'Rest before sleep',
    minutes: 1,
    focus: ['breathing'],
    bed: 'none',
    provider: p,
    writer: hasCapability(p, 'text') ? p : OFFLINE,
  });
  await c.until((name, payload) => {
    const e = payload as { id?: string; stage?: string; done?: number; ritual?: { status: string } | null };
    if (e.id !== started.id) return false;
    return (name === 'ritual.progress' && e.stage === 'voicing' && (e.done ?? 0) >= 1) || (name === 'ritual.updated' && (e.ritual?.status === 'failed' || e.ritual?.status === 'ready'));
  });
  await c.call('rituals.cancel', { id: started.id });
}

describe('stored keys never leave for a server they were not entered for', () => {
  let web: Awaited<ReturnType<typeof boot>>;
  const mocks = {} as Record<KeyedProviderId, MockServer>;
  let listener: Listener;

  beforeAll(async () => {
    web = await boot('stored', {});
    listener = await startListener();
    for (const p of KEYED_PROVIDERS) mocks[p] = await MOCKS[p].start();
  });
  afterAll(async () => {
    web.client.close();
    await web.server.close();
    await web.app.close();
    await listener.close();
    await Promise.all(KEYED_PROVIDERS.map((p) => mocks[p].close()));
  });

  it.each(KEYED_PROVIDERS)('%s: a base URL moved through the contract, and a 307 from the real server', async (p) => {
    const { client } = web;
    const key = MOCKS[p].key;
    const legit = baseFor(p, mocks[p].url);
    const attacker = baseFor(p, listener.url);
    const before = listener.received.length;

    // The user's setup: the key entered for the (mock) vendor endpoint, and it works there.
    await client.ok('providers.settings.update', { [p]: { baseUrl: legit } });
    await client.ok('providers.setKey', { provider: p, key });
    expect(await client.ok('providers.test', { provider: p })).toMatchObject({ ok: true });
    expect(JSON.stringify(mocks[p].requests.map((r) => r.headers))).toContain(key); // the key is really in play

    // Attack 1: the base URL moved to a server we control. Requests go there — without the key.
    await client.ok('providers.settings.update', { [p]: { baseUrl: attacker } });
    expect(await statusOf(client, p)).toMatchObject({ source: 'local', detachedKey: { host: new URL(mocks[p].url).host, source: 'store' } });
    await everyRequest(client, p);
    expect(listener.received.length).toBeGreaterThan(before);
    expect(listener.everything()).not.toContain(key);

    // Plain http to another machine is refused outright.
    const remote = await client.call('providers.settings.update', { [p]: { baseUrl: baseFor(p, 'http://203.0.113.9:8080') } });
    expect(remote).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringContaining('Use https') } });

    // Attack 2: back to the real server, which now answers every request with a 307 to us.
    await client.ok('providers.settings.update', { [p]: { baseUrl: legit } });
    expect(await statusOf(client, p)).toMatchObject({ source: 'store', detachedKey: null });
    const afterMove = listener.received.length;
    const served = mocks[p].total();
    mocks[p].inject({ kind: 'redirect', location: `${listener.url}/` }, 1000);
    await everyRequest(client, p);
    expect(mocks[p].total()).toBeGreaterThan(served); // the real server was asked, and redirected
    expect(listener.received.length).toBe(afterMove); // the redirect was not followed at all
    expect(listener.everything()).not.toContain(key);
    expect((await statusOf(client, p)).problem).toMatch(/redirected Koru to/);
    mocks[p].reset();
  });
});

describe('environment keys never leave for a base URL set through the contract', () => {
  let web: Awaited<ReturnType<typeof boot>>;
  let listener: Listener;
  const KEYS = Object.fromEntries(KEYED_PROVIDERS.map((p) => [p, `${p}-env-key-0123456789`])) as Record<KeyedProviderId, string>;

  beforeAll(async () => {
    // The env keys belong to the vendors' own endpoints (no *_BASE_URL set).
    web = await boot('env', Object.fromEntries(KEYED_PROVIDERS.map((p) => [cloudOf(p).keyEnv, KEYS[p]])));
    listener = await startListener();
  });
  afterAll(async () => {
    web.client.close();
    await web.server.close();
    await web.app.close();
    await listener.close();
    rmSync(work, { recursive: true, force: true });
  });

  it.each(KEYED_PROVIDERS)('%s', async (p) => {
    const { client } = web;
    expect(await statusOf(client, p)).toMatchObject({ configured: true, source: 'env' });
    await client.ok('providers.settings.update', { [p]: { baseUrl: baseFor(p, listener.url) } });
    expect(await statusOf(client, p)).toMatchObject({ source: 'local', detachedKey: { source: 'env' } });
    const before = listener.received.length;
    await everyRequest(client, p);
    expect(listener.received.length).toBeGreaterThan(before);
    for (const k of Object.values(KEYS)) expect(listener.everything()).not.toContain(k);
  });
});
