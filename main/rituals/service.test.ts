import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WaveFile } from 'wavefile';
import { ProviderError } from '../providers/errors';
import type { RenderSpec } from '../audio/render-spec';
import type { Player } from '../playback';
import { createRitualService } from './service';
import { createJobRunner } from '../jobs';
import { createJobRepo } from '../storage/job-repo';
import { createSpeechChain } from '../providers/fallback';
import type { RitualProviders } from './types';
import { fakeProviders, fakeSynth, providerSettings, recorder, tempEnv } from './testing';

const settings = { outputDevice: null, sampleRate: 48000 as const, maxVolume: 0.8 };
const request = { intention: 'I want to rest before sleep', minutes: 2, focus: ['breathing'], bed: 'alpha-relax' };
const envs: ReturnType<typeof tempEnv>[] = [];
afterEach(() => envs.splice(0).forEach((e) => e.cleanup()));

function setup(synth = fakeSynth(), player?: Player, providers: RitualProviders = fakeProviders(synth.synth)) {
  const env = tempEnv();
  envs.push(env);
  const rec = recorder();
  const jobs = createJobRunner({ repo: createJobRepo(env.db), emit: () => undefined, log: () => undefined });
  const service = createRitualService({
    jobs,
    db: env.db,
    files: env.files,
    providers,
    emit: rec.emit,
    log: () => {},
    getSettings: () => settings,
    getProviderSettings: providerSettings,
    exportDir: path.join(env.dir, 'exports'),
    ...(player ? { player } : {}),
  });
  const run = async (input: object = request) => {
    const { id } = await service.generate(input as never);
    await service.whenDone(id)?.catch(() => undefined);
    return service.get(id);
  };
  return { env, service, synth, run, jobs, ...rec };
}

const speechFiles = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.f32')) : []);

describe('ritual service', () => {
  it('writes, voices and stores a ritual with per-segment progress; the same ritual again costs no call', async () => {
    const { service, synth, run, events } = setup();
    const r = await run();
    expect(r.status).toBe('ready');
    expect(r.segments.done).toBe(r.segments.total);
    expect(r.speech).toEqual({ provider: 'openai', voice: 'alloy', model: 'gpt-4o-mini-tts' });
    expect(r.durationSec).toBeGreaterThanOrEqual(120);
    const calls = synth.texts.length;
    expect(calls).toBe(r.segments.total);
    const voicing = events.filter((e) => e.name === 'ritual.progress' && e.payload.stage === 'voicing' && (e.payload.done ?? 0) > 0);
    expect(voicing).toHaveLength(r.segments.total);
    const again = await run();
    expect(again.status).toBe('ready');
    expect(synth.texts.length).toBe(calls);
    expect(service.list('sleep').map((x) => x.id).sort()).toEqual([r.id, again.id].sort());
    expect(service.list('breath').length).toBe(2);
    expect(service.list('xylophone')).toEqual([]);
  });

  it('resumes a failed job at the first missing segment', async () => {
    let failing = true;
    const synth = fakeSynth({ fail: (n) => (failing && n === 3 ? new ProviderError('openai', 'server') : null) });
    const { service, run } = setup(synth);
    const r = await run();
    expect(r.status).toBe('failed');
    expect(r.error).toMatch(/OpenAI had a server error/);
    const before = [...synth.texts];
    failing = false;
    service.resume(r.id);
    const done = await service.whenDone(r.id);
    expect(done?.status).toBe('ready');
    const after = synth.texts.slice(before.length);
    expect(after.length).toBe(done!.segments.total - 2);
    // Nothing voiced before is asked for again (the failed one, 3rd, is).
    expect(after.filter((t) => before.slice(0, 2).includes(t))).toEqual([]);
  });

  it("keeps a log of the ritual's job that says which provider fell back to which, and why", async () => {
    const down = fakeSynth({ fail: () => new ProviderError('elevenlabs', 'network') });
    down.synth = { ...down.synth, provider: 'elevenlabs' };
    const up = fakeSynth();
    const providers: RitualProviders = {
      ...fakeProviders(up.synth),
      speech: () => createSpeechChain([{ synth: down.synth, voice: 'rachel' }, { synth: up.synth, voice: 'alloy' }]),
    };
    const { run, jobs } = setup(up, undefined, providers);
    const r = await run();
    expect(r.status).toBe('ready');
    const [job] = jobs.list({ subject: r.id });
    expect(job).toMatchObject({ kind: 'ritual', status: 'done', steps: [{ name: 'write', done: true }, { name: 'voice', done: true }, { name: 'finish', done: true }] });
    const actions = jobs.logs(job!.id).map((l) => l.action);
    const fallbacks = actions.filter((a) => /ElevenLabs could not speak \(Koru could not reach ElevenLabs.*\); OpenAI spoke instead/.test(a));
    expect(fallbacks).toHaveLength(1); // said once, not once per segment
    expect(actions).toEqual(expect.arrayContaining([expect.stringMatching(/^The offline writer wrote ".+": \d+ sections, \d+ segments$/), 'Voiced by OpenAI (alloy)']));
  });

  it('cancels a running job', async () => {
    // Requests are held until the cancel is under way, so no load can let the job finish first.
    let release!: () => void;
    const { service, synth } = setup(fakeSynth({ hold: new Promise<void>((r) => (release = r)) }));
    const { id } = await service.generate(request);
    await vi.waitFor(() => expect(synth.texts.length).toBeGreaterThanOrEqual(1));
    const cancelled = service.cancel(id);
    release();
    await cancelled;
    const r = service.get(id);
    expect(r.status).toBe('cancelled');
    expect(r.segments.done).toBeLessThan(r.segments.total);
  });

  it('delete removes audio files only when no other ritual shares them', async () => {
    const { service, run, env } = setup();
    const a = await run();
    const b = await run();
    const root = path.join(env.files.root, 'speech');
    const n = speechFiles(root).length;
    expect(n).toBe(a.segments.total);
    await service.delete(a.id);
    expect(speechFiles(root).length).toBe(n);
    await service.delete(b.id);
    expect(speechFiles(root).length).toBe(0);
    expect(() => service.get(a.id)).toThrow(/No ritual/);
  });

  it('refuses bad input with clear typed errors', async () => {
    const { service } = setup();
    await expect(service.generate({ ...request, minutes: 500 })).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/between 1 and 90/) });
    await expect(service.generate({ ...request, intention: '  ' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(service.generate({ ...request, bed: 'disco' })).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/Unknown tone bed "disco"/) });
    await expect(service.generate({ ...request, voice: 'nobody' })).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/no voice "nobody".*alloy/) });
    await expect(service.generate({ ...request, provider: 'gemini' })).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/Gemini has no API key/) });
    expect(service.list()).toEqual([]);
  });

  it('stores a failed ritual, naming the provider, when the reply is not audio', async () => {
    const { run } = setup(fakeSynth({ reply: () => new Float32Array(0) }));
    const r = await run();
    expect(r.status).toBe('failed');
    expect(r.error).toMatch(/OpenAI sent a reply Koru could not use/);
  });

  it('regenerates one section, re-voicing only that section', async () => {
    const { service, synth, run } = setup();
    const r = await run();
    const calls = synth.texts.length;
    const old = r.script!.sections[1]!.text;
    await service.regenerateSection(r.id, 1);
    const done = await service.whenDone(r.id);
    expect(done?.script?.sections[1]?.text).not.toBe(old);
    const asked = synth.texts.slice(calls);
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((t) => done!.script!.sections[1]!.text.includes(t))).toBe(true);
    await expect(service.regenerateSection(r.id, 70)).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('marks rituals left half-made by a dead process as failed, and resumes them', async () => {
    const { service, env, synth } = setup();
    const { createRitualRepo } = await import('../storage/ritual-repo');
    const orphan = createRitualRepo(env.db).create({ intention: 'left behind', minutes: 1, focus: [], style: 'gentle', bed: 'none', balance: 0.5 });
    expect(service.recoverInterrupted()).toBe(1);
    expect(service.get(orphan.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/Interrupted/) });
    service.resume(orphan.id);
    expect((await service.whenDone(orphan.id))?.status).toBe('ready');
    expect(synth.texts.length).toBeGreaterThan(0);
  });

  it('plays through the player as a narration spec of voiced segment files, and exports a WAV', async () => {
    const started: { durationSec: number; spec: RenderSpec | undefined }[] = [];
    const player = {
      start: async (session: { durationSec: number }, opts?: { spec?: RenderSpec }) => {
        started.push({ durationSec: session.durationSec, spec: opts?.spec });
        return {} as never;
      },
      status: () => ({ sessionId: null }),
    } as unknown as Player;
    const { service, run } = setup(fakeSynth(), player);
    const r = await run();
    await service.play(r.id);
    const spec = started[0]?.spec;
    expect(spec?.kind).toBe('narration');
    if (spec?.kind !== 'narration') return;
    expect(spec.open).toBe(false);
    expect(spec.segments).toHaveLength(r.segments.total);
    for (const ref of spec.segments) expect(fs.statSync(ref.path).size).toBe(ref.samples * 4);
    expect(started[0]?.durationSec).toBeCloseTo(r.durationSec, 0);
    const out = await service.export(r.id, 'wav');
    const wav = new WaveFile(fs.readFileSync(out.path));
    expect(out.durationSec).toBeCloseTo(r.durationSec, 1);
    const samples = wav.getSamples(true, Int16Array) as unknown as Int16Array;
    let peak = 0;
    for (const v of samples) peak = Math.max(peak, Math.abs(v));
    expect(peak).toBeGreaterThan(1000);
  });
});
