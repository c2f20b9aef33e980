import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OPENAI_MOCK_KEY, startOpenAIMock, type MockServer } from '../../test/mocks';
import { IDLE, type Player } from '../playback';
import { createOpenAIWriter, type SpeechSynth } from '../providers';
import { STARTER_MANTRAS } from './service';
import { makeService, practiceEnv, practiceProviders } from './testing';

const silentSynth: SpeechSynth = {
  provider: 'offline',
  maxChars: 1000,
  voices: async () => [],
  speak: async ({ text }) => ({ samples: new Float32Array(text.length * 200).fill(0.2), sampleRate: 16000 }),
};
const providers = practiceProviders(silentSynth);

describe('practice service', () => {
  const env = practiceEnv();
  afterAll(() => env.cleanup());
  let clock = new Date(2026, 11, 2, 9, 0);
  const now = () => clock;

  it('keeps counts, rounds, the mala position and the dedication across a restart', () => {
    let db = env.open();
    let { service } = makeService(env, db, { providers, now });
    const mine = service.create({ text: 'Om ah hum', language: 'Sanskrit', tradition: 'Tibetan Buddhism' });
    service.updateSettings(mine.id, { roundSize: 10, dailyTarget: 25 });
    for (let i = 0; i < 9; i++) expect(service.count(mine.id, 1).roundsCompleted).toBe(0);
    const tenth = service.count(mine.id, 1);
    expect(tenth.roundsCompleted).toBe(1);
    expect(tenth.stats).toMatchObject({ bead: 0, today: { count: 10, rounds: 1 } });
    service.count(mine.id, 13); // one more round and 3 beads
    service.dedicate(mine.id, 'For my teachers.');
    db.close();

    db = env.open();
    ({ service } = makeService(env, db, { providers, now }));
    const stats = service.stats(mine.id, 7);
    expect(stats).toMatchObject({ today: { day: '2026-12-02', count: 23, rounds: 2 }, bead: 3, roundSize: 10, dailyTarget: 25, lifetime: { count: 23, rounds: 2, days: 1 }, dedication: 'For my teachers.', streak: 1 });
    expect(stats.history).toHaveLength(7);
    expect(service.list().map((m) => m.id)).toContain(mine.id);
    expect(service.settings(mine.id)).toMatchObject({ roundSize: 10, dailyTarget: 25, voicedCount: 108 });
    db.close();
  });

  it('keeps a gentle streak: today not practised yet breaks nothing, a missed day starts afresh', () => {
    const db = env.open();
    const day = (d: number) => new Date(2026, 10, d, 20, 0);
    const { service } = makeService(env, db, { providers, now });
    const id = 'metta';
    for (const d of [1, 2, 3, 5, 6]) {
      clock = day(d);
      service.count(id, 5);
    }
    clock = day(7); // evening of the 7th, nothing yet today
    expect(service.stats(id)).toMatchObject({ streak: 2, bestStreak: 3, today: { count: 0 } });
    service.count(id, 1);
    expect(service.stats(id).streak).toBe(3);
    clock = day(9); // the 8th was missed
    const s = service.stats(id, 9);
    expect(s).toMatchObject({ streak: 0, bestStreak: 3, lifetime: { count: 26, days: 6 } });
    expect(s.history.map((h) => h.count)).toEqual([5, 5, 5, 0, 5, 5, 1, 0, 0]);
    db.close();
  });

  it('refuses bad input with typed errors and stores nothing half-done', () => {
    const db = env.open();
    const { service } = makeService(env, db, { providers, now });
    const before = service.list().length;
    expect(() => service.create({ text: '', language: 'Pali', tradition: 'Theravada' })).toThrow(expect.objectContaining({ code: 'BAD_INPUT', message: expect.stringMatching(/cannot be empty/) }));
    expect(() => service.create({ text: 'a'.repeat(100_000), language: 'Pali', tradition: 'Theravada' })).toThrow(expect.objectContaining({ code: 'BAD_INPUT', message: expect.stringMatching(/at most 2,000/) }));
    expect(service.list()).toHaveLength(before);
    expect(() => service.updateSettings('metta', { roundSize: 0 })).toThrow(expect.objectContaining({ code: 'BAD_INPUT', message: expect.stringMatching(/between 1 and 100,000/) }));
    expect(() => service.updateSettings('metta', { dailyTarget: 1e7 })).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    expect(() => service.updateSettings('metta', { bed: 'nowhere' })).toThrow(expect.objectContaining({ code: 'BAD_INPUT', message: expect.stringMatching(/Unknown bed/) }));
    expect(service.settings('metta').roundSize).toBe(108);
    expect(() => service.count('no-such-mantra', 1)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => service.update('metta', { text: 'x', language: 'y', tradition: 'z' })).toThrow(expect.objectContaining({ code: 'BAD_INPUT', message: expect.stringMatching(/Starter mantras/) }));
    db.close();
  });

  it('deletes your mantra with its counts', async () => {
    const db = env.open();
    const { service } = makeService(env, db, { providers, now });
    const m = service.create({ text: 'Ram', language: 'Sanskrit', tradition: 'Vaishnavism' });
    service.count(m.id, 3);
    await service.delete(m.id);
    expect(() => service.stats(m.id)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(db.prepare('SELECT count(*) FROM practice_days WHERE mantra_id = ?').pluck().get(m.id)).toBe(0);
    await expect(service.delete('metta')).rejects.toMatchObject({ code: 'BAD_INPUT' });
    db.close();
  });

  it('counts each voiced repetition heard once, never the bells, and resumes the round where the mala stands', async () => {
    const db = env.open();
    const started: { spec: unknown }[] = [];
    const player = { start: async (_s: unknown, o: { spec: unknown }) => (started.push(o), { ...IDLE, state: 'playing' as const }), status: () => IDLE, stop: async () => IDLE } as unknown as Player;
    const { service, events } = makeService(env, db, { providers, now, player });
    const id = 'om-namah-shivaya';
    service.updateSettings(id, { roundSize: 3, voicedCount: 5, bed: 'none' });
    service.count(id, 2); // the mala stands at bead 2 of 3
    await service.play(id);
    const spec = started[0]!.spec as { items: { group?: number }[] };
    // mantra (completes the round) · bell · mantra · mantra · mantra (round) · bell · mantra
    expect(spec.items).toHaveLength(7);
    const status = (item: number | null) => ({ ...IDLE, state: 'playing' as const, sessionId: `practice-${id}`, spoken: item === null ? null : { item, group: 0 } });
    for (const item of [0, null, 0, 1, 2, 3, 3, 4, 5, 6]) service.onEvent('playback.status', status(item));
    const s = service.stats(id);
    expect(s.today).toMatchObject({ count: 7, rounds: 2 });
    expect(s.bead).toBe(1);
    expect(events.filter((e) => e.mantraId === id)).toHaveLength(1 + 5);
    // Stopped: later statuses of another session count nothing.
    service.onEvent('playback.status', { ...IDLE });
    service.onEvent('playback.status', status(6));
    expect(service.stats(id).today.count).toBe(7);
    db.close();
  });
});

describe('practice texts', () => {
  let mock: MockServer;
  const env = practiceEnv();
  beforeAll(async () => {
    mock = await startOpenAIMock({ reply: (prompt, json) => (json && prompt.includes('dedication') ? JSON.stringify({ text: 'May all who walk this path be at peace.' }) : JSON.stringify({ words: 'the wrong shape' })) });
  });
  afterAll(async () => {
    await mock.close();
    env.cleanup();
  });
  afterEach(() => mock.reset());

  it('writes through a text provider (real SDK against the mock), in JSON mode', async () => {
    const db = env.open();
    const writer = createOpenAIWriter({ apiKey: OPENAI_MOCK_KEY, baseURL: `${mock.url}/v1` });
    const { service } = makeService(env, db, { providers: practiceProviders(silentSynth, writer) });
    const r = await service.write('metta', 'dedication', 'openai');
    expect(r).toEqual({ text: 'May all who walk this path be at peace.', writer: 'openai' });
    const sent = mock.requests.at(-1)!.json as { response_format: { type: string }; messages: { content: string }[] };
    expect(sent.response_format.type).toBe('json_object');
    expect(sent.messages.at(-1)!.content).toContain('Sabbe satta bhavantu sukhitatta');
    db.close();
  });

  it('falls back to the offline templates when the reply is unusable twice, or with no key', async () => {
    const db = env.open();
    const writer = createOpenAIWriter({ apiKey: OPENAI_MOCK_KEY, baseURL: `${mock.url}/v1` });
    const { service } = makeService(env, db, { providers: practiceProviders(silentSynth, writer) });
    const r = await service.write('heart-sutra', 'reflection', 'openai');
    expect(mock.requests.filter((q) => q.endpoint === 'POST /v1/chat/completions')).toHaveLength(2);
    expect(r.writer).toBe('offline');
    expect(r.text).toContain('Gate gate paragate');
    const offline = await service.write('heart-sutra', 'intention', undefined, 1);
    expect(offline.writer).toBe('offline');
    expect(offline.text).not.toEqual((await service.write('heart-sutra', 'intention', undefined, 0)).text);
    await expect(service.write('heart-sutra', 'intention', 'gemini')).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/no API key/) });
    db.close();
  });

  it('ships a starter set with a source named for every mantra', () => {
    expect(STARTER_MANTRAS.length).toBeGreaterThanOrEqual(10);
    for (const m of STARTER_MANTRAS) expect(m.source).toMatch(/\w{3}/);
    expect(new Set(STARTER_MANTRAS.map((m) => m.id)).size).toBe(STARTER_MANTRAS.length);
  });
});
