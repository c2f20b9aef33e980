import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Result } from '../../contract';
import { presets } from '../sessions/presets';
import { silentAudio } from '../playback/testing';
import { createApp, type App } from './index';
import { openDatabase } from '../storage';
import { createRitualRepo } from '../storage/ritual-repo';
import { RitualRequest } from '../../contract/rituals';

const ctx = { transport: 'web' as const, client: 'test' };
const dirs: string[] = [];
const apps: App[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Every line the app logged, across boots, so a test can check what never reaches the log. */
const logged: unknown[] = [];

async function boot(dataDir = mkdtempSync(join(tmpdir(), 'koru-app-')), env: NodeJS.ProcessEnv = {}) {
  dirs.push(dataDir);
  const app = await createApp({ dataDir, mode: 'web', env, log: (...line) => void logged.push(line), audio: silentAudio() });
  apps.push(app);
  const call = async (channel: string, input: unknown = {}): Promise<Result> => app.router.dispatch(channel, input, ctx);
  const ok = async <T = Record<string, unknown>>(channel: string, input: unknown = {}): Promise<T> => {
    const r = await call(channel, input);
    if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
    return r.value as T;
  };
  return { app, call, ok, dataDir };
}

const shortDraft = { ...presets.find((p) => p.id === 'alpha-relax')!.draft, name: 'Short', durationSec: 2 };

describe('the composed app, through its router', () => {
  it('lists the built-in presets, all valid', async () => {
    const { ok } = await boot();
    const list = await ok<{ id: string }[]>('presets.list');
    expect(list.map((p) => p.id)).toEqual(expect.arrayContaining(['solfeggio', 'chakra', 'blessing']));
  });

  it('creates, finds, updates and deletes a session; data survives a restart', async () => {
    const first = await boot();
    const s = await first.ok<{ id: string }>('sessions.create', shortDraft);
    await first.ok('sessions.update', { id: s.id, draft: { ...shortDraft, name: 'Renamed' } });
    expect(await first.ok('sessions.list', { query: 'renam' })).toHaveLength(1);
    await first.app.close();
    apps.splice(apps.indexOf(first.app), 1);

    const again = await boot(first.dataDir);
    expect(await again.ok('sessions.get', { id: s.id })).toMatchObject({ name: 'Renamed' });
    await again.ok('sessions.delete', { id: s.id });
    expect(await again.call('sessions.get', { id: s.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('answers bad input with the typed error and keeps working', async () => {
    const { call, ok } = await boot();
    expect(await call('sessions.create', { ...shortDraft, durationSec: -1 })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await call('no.such.channel')).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(await call('sessions.importSbg', { name: 'bad', text: 'x: 200+10/20\nNOW y\n' })).toMatchObject({
      ok: false,
      error: { code: 'PARSE_ERROR', message: expect.stringMatching(/line 2/) },
    });
    expect(await ok('sessions.list')).toEqual([]); // nothing half-stored
  });

  it('imports an .sbg schedule as a session', async () => {
    const { ok } = await boot();
    const s = await ok<{ durationSec: number; program: { sets: unknown[] } }>('sessions.importSbg', {
      name: 'Imported',
      text: 'a: pink/40 200+10/20\nb: 200+6/20\noff: -\nNOW a\n+00:10 b\n+00:20 off\n',
    });
    expect(s.durationSec).toBe(20 * 60);
    expect(s.program.sets).toHaveLength(3);
  });

  it('plays a session to its end, pushing status events, and caps volume by the setting', async () => {
    const { app, ok } = await boot();
    const states: string[] = [];
    app.events.subscribe((name, payload) => {
      if (name === 'playback.status') states.push((payload as { state: string }).state);
    });
    await ok('settings.update', { maxVolume: 0.5 });
    const s = await ok<{ id: string }>('sessions.create', shortDraft);
    expect(await ok('playback.start', { id: s.id })).toMatchObject({ state: 'playing', sessionId: s.id });
    await expect.poll(async () => (await ok<{ state: string }>('playback.status')).state, { timeout: 10_000 }).toBe('idle');
    expect(states).toContain('playing');
    expect(states.at(-1)).toBe('idle');
    expect(await ok('settings.get')).toMatchObject({ maxVolume: 0.5, sampleRate: 48000 });
  });

  it('stops playback when the playing session is deleted', async () => {
    const { ok } = await boot();
    const s = await ok<{ id: string }>('sessions.create', { ...shortDraft, durationSec: 3600 });
    await ok('playback.start', { id: s.id });
    await ok('sessions.delete', { id: s.id });
    expect(await ok('playback.status')).toMatchObject({ state: 'idle' });
  });

  it('exports a session to WAV in the data folder', async () => {
    const { ok, dataDir } = await boot();
    const s = await ok<{ id: string }>('sessions.create', shortDraft);
    const r = await ok<{ path: string; bytes: number; durationSec: number }>('sessions.export', { id: s.id, format: 'wav' });
    expect(r.path.startsWith(join(dataDir, 'exports'))).toBe(true);
    expect(r.durationSec).toBeCloseTo(2, 3);
    expect(statSync(r.path).size).toBe(r.bytes);
    expect(r.bytes).toBeGreaterThan(2 * 48000 * 4);
  });

  it('takes a provider key but never gives it back, stores it only encrypted, and keeps it across a restart', async () => {
    const key = 'sk-koru-test-0123456789abcdefXYZ';
    logged.length = 0;
    const first = await boot();
    const statuses = await first.ok<{ provider: string; configured: boolean; source: string }[]>('providers.setKey', { provider: 'openai', key });
    expect(statuses.find((p) => p.provider === 'openai')).toMatchObject({ configured: true, source: 'store' });
    expect(JSON.stringify(statuses)).not.toContain(key);
    expect(JSON.stringify(await first.ok('providers.settings.get'))).not.toContain(key);
    await first.app.close();
    apps.splice(apps.indexOf(first.app), 1);

    // Nothing in the data folder (database, WAL, secrets file) holds the key in clear text.
    for (const f of readdirSync(first.dataDir, { recursive: true, withFileTypes: true })) {
      if (!f.isFile()) continue;
      expect(readFileSync(join(f.parentPath, f.name)).includes(key), f.name).toBe(false);
    }
    const again = await boot(first.dataDir);
    expect((await again.ok<{ provider: string; configured: boolean }[]>('providers.status')).find((p) => p.provider === 'openai')?.configured).toBe(true);
    await again.ok('providers.clearKey', { provider: 'openai' });
    expect((await again.ok<{ provider: string; configured: boolean }[]>('providers.status')).find((p) => p.provider === 'openai')?.configured).toBe(false);
    expect(await again.call('providers.setKey', { provider: 'openai', key: '' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    // A connection test against an unreachable endpoint logs and answers, without the key.
    await again.ok('providers.setKey', { provider: 'openai', key });
    await again.ok('providers.settings.update', { openai: { baseUrl: 'http://127.0.0.1:9/v1' } });
    const test = await again.ok<{ ok: boolean; message: string }>('providers.test', { provider: 'openai' });
    expect(test).toMatchObject({ ok: false, message: expect.stringMatching(/OpenAI/) });
    expect(JSON.stringify(test)).not.toContain(key);
    expect(JSON.stringify(logged)).not.toContain(key);
  });

  it('keeps provider settings across a restart and refuses bad ones', async () => {
    const first = await boot();
    await first.ok('providers.settings.update', { openai: { voice: 'nova' }, speechOrder: ['openai', 'offline'] });
    expect(await first.call('providers.settings.update', { openai: { baseUrl: 'nope' } })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    await first.app.close();
    apps.splice(apps.indexOf(first.app), 1);
    const again = await boot(first.dataDir);
    expect(await again.ok('providers.settings.get')).toMatchObject({ speechOrder: ['openai', 'offline'], openai: { voice: 'nova', speechModel: 'gpt-4o-mini-tts' } });
  });

  it('with no key at all, generates an offline ritual and plays it through the player', async () => {
    const { app, ok } = await boot();
    const ready = new Promise<void>((resolve) => {
      app.events.subscribe((name, payload) => {
        if (name === 'ritual.updated' && (payload as { ritual: { status: string } | null }).ritual?.status === 'ready') resolve();
      });
    });
    const { id } = await ok<{ id: string }>('rituals.generate', { intention: 'Rest before sleep', minutes: 1, focus: ['breathing'] });
    await ready;
    const ritual = await ok<{ status: string; speech: { provider: string } }>('rituals.get', { id });
    expect(ritual).toMatchObject({ status: 'ready', speech: { provider: 'offline' } });
    expect(await ok('rituals.play', { id })).toMatchObject({ state: 'playing', sessionId: id });
    await ok('playback.stop');
  }, 60_000);

  it('marks a ritual left mid-generation by a crash as failed and resumable when the app starts again', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'koru-app-'));
    // What a killed process leaves behind: a ritual still 'voicing', with no job running it.
    const db = openDatabase(join(dataDir, 'koru.db'));
    const stuck = createRitualRepo(db).create(RitualRequest.parse({ intention: 'Rest before sleep', minutes: 1 }), 'Rest');
    createRitualRepo(db).update(stuck.id, { status: 'voicing' });
    db.close();
    const { ok } = await boot(dataDir);
    expect(await ok('rituals.get', { id: stuck.id })).toMatchObject({ status: 'failed', error: expect.stringMatching(/Resume/) });
  });
});
