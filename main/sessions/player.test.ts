/** The player against an in-memory sink. The renderer is a plain sine (so every output sample
 *  is predictable) and the master and spectrum analyzer are the real ones. */
import { describe, expect, it, vi } from 'vitest';
import { KoruError } from '../../contract/errors';
import { Spectrum } from '../../contract/events';
import { PlaybackStatus } from '../../contract/session';
import type { Settings } from '../../contract/settings';
import { maxStep, peakFrequency } from '../audio/analysis';
import { createPlayer, type PlayerDeps } from './player';
import { MemorySink, sineRenderer, testSession, tick } from './player-fakes';

const SR = 48000;

function setup(o: { freq?: number; amp?: number; auto?: boolean; settings?: Partial<Settings>; realRenderer?: boolean } = {}) {
  const settings: Settings = { outputDevice: null, sampleRate: SR, maxVolume: 1, ...o.settings };
  const sinks: MemorySink[] = [];
  const statuses: PlaybackStatus[] = [];
  const spectra: Spectrum[] = [];
  const renderers: ReturnType<typeof sineRenderer>[] = [];
  const log = vi.fn();
  const deps: PlayerDeps = {
    openSink: async (sampleRate) => {
      const s = new MemorySink(sampleRate, o.auto ?? true);
      sinks.push(s);
      return s;
    },
    getSettings: () => settings,
    emit: (event: string, payload: unknown) => {
      // Everything the player pushes must pass the contract, as the event hub will check.
      if (event === 'playback.status') statuses.push(PlaybackStatus.parse(payload));
      else spectra.push(Spectrum.parse(payload));
    },
    log,
    statusIntervalMs: 20,
    spectrumIntervalMs: 20,
    ...(o.realRenderer
      ? {}
      : {
          engine: {
            createSessionRenderer: (_p, r) => {
              const s = sineRenderer({ ...r, freq: o.freq ?? 100, amp: o.amp ?? 0.5 });
              renderers.push(s);
              return s;
            },
          },
        }),
  };
  const player = createPlayer(deps);
  const idle = () => waitFor(() => player.status().state === 'idle');
  return { player, settings, sinks, statuses, spectra, renderers, log, deps, idle };
}

async function waitFor(cond: () => boolean, ms = 3000): Promise<void> {
  const until = performance.now() + ms;
  while (!cond()) {
    if (performance.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 2));
  }
}

const peak = (xs: number[], from = 0, to = xs.length) => xs.slice(from, to).reduce((m, x) => Math.max(m, Math.abs(x)), 0);
const step = (xs: number[]) => maxStep(Float32Array.from(xs));

describe('player', () => {
  it('plays a session to its end, then goes idle and closes the device', async () => {
    const t = setup();
    const first = await t.player.start(testSession({ durationSec: 1 }));
    expect(first).toMatchObject({ state: 'playing', sessionId: 'session-1', durationSec: 1, volume: 1 });
    await t.idle();
    const sink = t.sinks[0]!;
    expect(sink.left.length).toBe(SR);
    expect(sink.closed).toBe(1);
    expect(t.statuses[0]!.state).toBe('playing');
    expect(t.statuses.at(-1)).toMatchObject({ state: 'idle', sessionId: null, lastError: null });
    expect(peakFrequency(Float32Array.from(sink.left), SR)).toBeCloseTo(100, 0);
  });

  it('pauses with a short fade, feeds silence without advancing, and resumes', async () => {
    const t = setup({ auto: false });
    await t.player.start(testSession({ durationSec: 5 }));
    const sink = t.sinks[0]!;
    await sink.release(5);
    expect(t.player.pause().state).toBe('paused');
    const pausedAt = sink.left.length;
    await sink.release(3); // the 30 ms fade (1440 frames) spans two 1024-frame blocks
    const elapsed = t.player.status().elapsedSec;
    const silentFrom = sink.left.length;
    await sink.release(3);
    expect(peak(sink.left, silentFrom)).toBe(0);
    expect(t.player.status().elapsedSec).toBe(elapsed);
    expect(peak(sink.left, pausedAt, pausedAt + 1024)).toBeGreaterThan(0.3); // still fading there
    expect(t.player.resume().state).toBe('playing');
    await sink.release(4);
    expect(t.player.status().elapsedSec).toBeGreaterThan(elapsed);
    expect(peak(sink.left, sink.left.length - 1024)).toBeGreaterThan(0.45);
    // A hard cut of a 0.5 sine would step by up to 0.5; the sine itself steps ≤ 0.0066.
    expect(step(sink.left)).toBeLessThan(0.01);
    expect(t.statuses.map((s) => s.state)).toEqual(expect.arrayContaining(['playing', 'paused']));
    sink.letGo();
    await t.player.stop();
  });

  it('stops with a fade, closes the device and reports idle', async () => {
    const t = setup({ auto: false });
    await t.player.start(testSession({ durationSec: 5 }));
    const sink = t.sinks[0]!;
    await sink.release(4);
    const stopping = t.player.stop();
    sink.letGo();
    const s = await stopping;
    expect(s.state).toBe('idle');
    expect(sink.closed).toBe(1);
    expect(sink.left.length).toBeLessThan(SR); // stopped long before the end
    expect(Math.abs(sink.left.at(-1)!)).toBe(0);
    expect(step(sink.left)).toBeLessThan(0.01);
    expect((await t.player.stop()).state).toBe('idle');
  });

  it('replaces a playing session when another one starts', async () => {
    const t = setup({ auto: false });
    await t.player.start(testSession({ durationSec: 5 }));
    await t.sinks[0]!.release(2);
    const next = t.player.start(testSession({ id: 'session-2', name: 'Second', durationSec: 5 }));
    t.sinks[0]!.letGo();
    expect((await next).sessionId).toBe('session-2');
    expect(t.sinks[0]!.closed).toBe(1);
    expect(Math.abs(t.sinks[0]!.left.at(-1)!)).toBe(0); // the first one faded out
    expect(t.sinks).toHaveLength(2);
    t.sinks[1]!.letGo();
    await t.player.close();
    expect(t.sinks[1]!.closed).toBe(1);
    await expect(t.player.start(testSession())).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('always applies the user maximum on top of the volume, even when it changes mid-play', async () => {
    const t = setup({ auto: false, amp: 0.8, settings: { maxVolume: 0.25 } });
    await t.player.start(testSession({ durationSec: 5, volume: 1 }));
    const sink = t.sinks[0]!;
    await sink.release(10);
    expect(peak(sink.left, 2048)).toBeCloseTo(0.8 * 0.25, 2);
    t.player.setVolume(0.5);
    await sink.release(10); // the master ramps over 50 ms
    expect(peak(sink.left, sink.left.length - 2048)).toBeCloseTo(0.8 * 0.5 * 0.25, 2);
    t.settings.maxVolume = 0.1;
    await new Promise((r) => setTimeout(r, 60)); // the status tick re-reads settings
    await sink.release(10);
    expect(peak(sink.left, sink.left.length - 2048)).toBeCloseTo(0.8 * 0.5 * 0.1, 2);
    expect(t.player.status().volume).toBe(0.5);
    expect(() => t.player.setVolume(1.5)).toThrow(KoruError);
    sink.letGo();
    await t.player.stop();
  });

  it('ends the session at the sleep time, fading over the last fadeSec', async () => {
    const t = setup({ auto: false });
    await t.player.start(testSession({ durationSec: 10 }));
    const s = t.player.setSleepTimer(1 / 60, 0.5); // stop after 1 s, fading from 0.5 s
    expect(s.sleepAtSec! - s.elapsedSec).toBeCloseTo(1, 5);
    t.sinks[0]!.letGo();
    await t.idle();
    const sink = t.sinks[0]!;
    const [call] = t.renderers[0]!.endFadeCalls;
    expect(call!.atSec).toBeGreaterThanOrEqual(s.sleepAtSec! - 0.5);
    expect(call!.atSec).toBeLessThan(s.sleepAtSec! - 0.5 + 1024 / SR + 1e-9);
    expect(sink.left.length / SR).toBeCloseTo(s.sleepAtSec!, 2);
    expect(peak(sink.left, 0.3 * SR, 0.45 * SR)).toBeGreaterThan(0.45);
    expect(peak(sink.left, sink.left.length - 0.1 * SR)).toBeLessThan(0.11);
    expect(() => t.player.setSleepTimer(5)).toThrow(KoruError); // nothing is playing now
  });

  it('survives a device that fails mid-play: idle, lastError set and pushed', async () => {
    const t = setup();
    const failing = new MemorySink(SR);
    failing.failAt = 5;
    const player = createPlayer({ ...t.deps, openSink: async () => failing });
    await player.start(testSession({ durationSec: 5 }));
    await waitFor(() => player.status().state === 'idle');
    expect(player.status().lastError).toMatch(/device unplugged/);
    expect(t.statuses.at(-1)).toMatchObject({ state: 'idle', lastError: expect.stringMatching(/unplugged/) });
    expect(failing.closed).toBe(1);
    expect(t.log).toHaveBeenCalledWith('error', expect.stringContaining('device unplugged'), expect.anything());
    // …and the next start works, clearing the error.
    const ok = createPlayer({ ...t.deps });
    expect((await ok.start(testSession())).lastError).toBeNull();
    await ok.stop();
  });

  it('reports a missing device as NO_DEVICE and stays usable', async () => {
    const t = setup();
    const player = createPlayer({
      ...t.deps,
      openSink: async () => {
        throw new KoruError('NO_DEVICE', 'No audio output device found (ALSA/PortAudio said: No default device)');
      },
    });
    await expect(player.start(testSession())).rejects.toMatchObject({ code: 'NO_DEVICE' });
    expect(player.status()).toMatchObject({ state: 'idle', lastError: expect.stringContaining('No default device') });
    expect(t.statuses.at(-1)!.lastError).toContain('No default device');
  });

  it('pushes status twice a second-ish and spectrum frames with the active tones', async () => {
    const t = setup({ auto: false, freq: 440 });
    await t.player.start(testSession({ durationSec: 5 }));
    const sink = t.sinks[0]!;
    await sink.release(12);
    sink.lateBlocks = 3;
    const before = t.statuses.length;
    await new Promise((r) => setTimeout(r, 120));
    expect(t.statuses.length - before).toBeGreaterThanOrEqual(3);
    expect(t.statuses.at(-1)).toMatchObject({ state: 'playing', lateBlocks: 3 });
    expect(t.spectra.length).toBeGreaterThanOrEqual(3);
    const last = t.spectra.at(-1)!;
    expect(last.active).toEqual([{ label: 'sine', freq: 440 }]);
    expect(Math.abs(last.peaks[0]!.freq - 440)).toBeLessThan(6);
    expect(last.atSec).toBeCloseTo((12 * 1024) / SR, 1);
    sink.letGo();
    await t.player.stop();
    const n = t.spectra.length;
    await new Promise((r) => setTimeout(r, 60));
    expect(t.spectra.length).toBe(n); // timers stop with the playback
  });

  it('drives the real renderer: a binaural session puts 205 Hz left and 195 Hz right', async () => {
    const t = setup({ realRenderer: true });
    await t.player.start(testSession({ durationSec: 2 }));
    await t.idle();
    const sink = t.sinks[0]!;
    expect(sink.left.length).toBe(2 * SR);
    const mid = (xs: number[]) => Float32Array.from(xs.slice(SR / 2, (3 * SR) / 2));
    expect(peakFrequency(mid(sink.left), SR)).toBeCloseTo(205, 0);
    expect(peakFrequency(mid(sink.right), SR)).toBeCloseTo(195, 0);
    await tick();
  });
});
