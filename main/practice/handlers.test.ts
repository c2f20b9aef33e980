import { afterAll, describe, expect, it } from 'vitest';
import { createRouter, type Handlers } from '../ipc/router';
import { spyLog } from '../ipc/testing';
import type { SpeechSynth } from '../providers';
import { buildPracticeHandlers } from './handlers';
import { makeService, practiceEnv, practiceProviders } from './testing';

const ctx = { transport: 'web' as const, client: 'test' };
const synth: SpeechSynth = { provider: 'offline', maxChars: 1000, voices: async () => [], speak: async () => ({ samples: new Float32Array(1600).fill(0.1), sampleRate: 16000 }) };

describe('practice channels through the router', () => {
  const env = practiceEnv();
  const db = env.open();
  const { service } = makeService(env, db, { providers: practiceProviders(synth) });
  const exported: string[] = [];
  const handlers = buildPracticeHandlers({ practice: service, files: { exported: (r) => (exported.push(r.path), { ...r, fileId: 'f_0123456789abcdefghijkl' }) } });
  const router = createRouter(handlers as unknown as Handlers, { log: spyLog() });
  afterAll(() => {
    db.close();
    env.cleanup();
  });

  it('answers a count, and refuses 0 or 10⁷ of anything, empty and 100 kB mantras, in words', async () => {
    expect(await router.dispatch('practice.count', { mantraId: 'metta' }, ctx)).toMatchObject({ ok: true, value: { roundsCompleted: 0, stats: { today: { count: 1 } } } });
    const refused = async (channel: string, input: unknown) => {
      const r = await router.dispatch(channel, input, ctx);
      expect(r.ok).toBe(false);
      return r.ok ? '' : `${r.error.code}: ${r.error.message}`;
    };
    expect(await refused('practice.count', { mantraId: 'metta', add: 0 })).toMatch(/^BAD_INPUT/);
    expect(await refused('practice.settings.update', { mantraId: 'metta', patch: { roundSize: 0 } })).toMatch(/^BAD_INPUT: A round must be between 1 and 100,000/);
    expect(await refused('practice.settings.update', { mantraId: 'metta', patch: { dailyTarget: 1e7 } })).toMatch(/between 1 and 100,000/);
    expect(await refused('practice.settings.update', { mantraId: 'metta', patch: { voicedCount: 1e7 } })).toMatch(/between 1 and 10,800/);
    expect(await refused('practice.mantras.create', { text: '', language: 'Pali', tradition: 'Theravada' })).toMatch(/^BAD_INPUT: The mantra cannot be empty/i);
    expect(await refused('practice.mantras.create', { text: 'x'.repeat(100_000), language: 'Pali', tradition: 'Theravada' })).toMatch(/at most 2,000 characters/);
    expect(await refused('practice.stats', { mantraId: '../../etc' })).toMatch(/^BAD_INPUT/);
    expect(service.list().filter((m) => !m.builtin)).toHaveLength(0);
    expect(service.stats('metta').today.count).toBe(1);
  });

  it('exports a voiced practice and registers the file for download', async () => {
    const r = await router.dispatch('practice.export', { id: 'om-namah-shivaya', format: 'wav', exportId: 'export-123' }, ctx);
    expect(r).toMatchObject({ ok: true, value: { exportId: 'export-123', fileId: 'f_0123456789abcdefghijkl' } });
    expect(exported[0]).toMatch(/Om-namah-shivaya-om-namah\.wav$/);
  }, 60_000);
});
