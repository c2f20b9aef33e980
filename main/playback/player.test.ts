/** The player and its engine against an in-memory sink: the real engine, render loop, ring,
 *  master and spectrum analyzer, in this process (the app runs the same engine in the audio host;
 *  test/integration covers that process end to end). Sessions are plain sines without edge fades,
 *  so every output sample is predictable. */
import { describe, expect, it, vi } from 'vitest';
import { KoruError } from '../../contract/errors';
import { Spectrum } from '../../contract/playback';
import { PlaybackStatus } from '../../contract/session';
import { maxStep, peakFrequency } from '../audio/analysis';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WaveFile } from 'wavefile';
import { storeMixInput } from '../audio/synth/mix/store';
import { inlinePlayer, MemorySink, sineSession, testSession, type TestPlayerOptions } from './testing';

const SR = 48000;

function setup(o: TestPlayerOptions & { auto?: boolean } = {}) {
  const statuses: PlaybackStatus[] = [];
  const spectra: Spectrum[] = [];
  const log = vi.fn();
  const sinks: MemorySink[] = [];
  const t = inlinePlayer({
    log,
    openSink:
      o.openSink ??
      (async (sampleRate) => {
        const s = new MemorySink(sampleRate, o.auto ?? true);
        sinks.push(s);
        return s;
      }),
    // Everything the player pushes must pass the contract, as the event hub will check.
    emit: (event: string, payload: unknown) => {
      if (event === 'playback.status') statuses.push(PlaybackStatus.parse(payload));
      else spectra.push(Spectrum.parse(payload));
    },
    ...o,
  });
  const idle = () => vi.waitFor(() => expect(t.player.status().state).toBe('idle'), { timeout: 5000, interval: 2 });
  return { ...t, sinks, statuses, spectra, log, idle };
}

const peak = (xs: number[], from = 0, to = xs.length) => xs.slice(from, to).reduce((m, x) => Math.max(m, Math.abs(x)), 0);
const step = (xs: number[]) => maxStep(Float32Array.from(xs));

describe('player', () => {
  it('plays a session to its end, then goes idle and closes the device', async () => {
    const t = setup();
    const first = await t.player.start(sineSession({ durationSec: 1 }));
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
    await t.player.start(sineSession({ durationSec: 5 }));
    const sink = t.sinks[0]!;
    await sink.release(5);
    expect((await t.player.pause()).state).toBe('paused');
    const pausedAt = sink.left.length;
    await sink.release(3); // the 30 ms fade (1440 frames) spans two 1024-frame blocks
    const elapsed = (await t.player.refresh()).elapsedSec;
    const silentFrom = sink.left.length;
    await sink.release(3);
    expect(peak(sink.left, silentFrom)).toBe(0);
    expect((await t.player.pause()).elapsedSec).toBe(elapsed);
    expect(peak(sink.left, pausedAt, pausedAt + 1024)).toBeGreaterThan(0.3); // still fading there
    expect((await t.player.resume()).state).toBe('playing');
    await sink.release(4);
    expect((await t.player.refresh()).elapsedSec).toBeGreaterThan(elapsed);
    expect(peak(sink.left, sink.left.length - 1024)).toBeGreaterThan(0.45);
    // A hard cut of a 0.5 sine would step by up to 0.5; the sine itself steps ≤ 0.0066.
    expect(step(sink.left)).toBeLessThan(0.01);
    expect(t.statuses.map((s) => s.state)).toEqual(expect.arrayContaining(['playing', 'paused']));
    sink.letGo();
    await t.player.stop();
  });

  it('stops with a fade, closes the device and reports idle', async () => {
    const t = setup({ auto: false });
    await t.player.start(sineSession({ durationSec: 5 }));
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

  it('replaces a playing session when another one starts, and refuses to start once closed', async () => {
    const t = setup({ auto: false });
    await t.player.start(sineSession({ durationSec: 5 }));
    await t.sinks[0]!.release(2);
    const next = t.player.start(sineSession({ id: 'session-2', name: 'Second', durationSec: 5, freq: 300 }));
    t.sinks[0]!.letGo();
    expect((await next).sessionId).toBe('session-2');
    expect(t.sinks[0]!.closed).toBe(1);
    expect(Math.abs(t.sinks[0]!.left.at(-1)!)).toBe(0); // the first one faded out
    expect(t.sinks).toHaveLength(2);
    t.sinks[1]!.letGo();
    await vi.waitFor(() => expect(t.sinks[1]!.left.length).toBeGreaterThan(8192));
    // Nothing of the first session leaked into the second (stale ring blocks are dropped).
    expect(peakFrequency(Float32Array.from(t.sinks[1]!.left.slice(0, 8192)), SR)).toBeCloseTo(300, -1);
    await t.player.close();
    expect(t.sinks[1]!.closed).toBe(1);
    await expect(t.player.start(testSession())).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('always applies the user maximum on top of the volume, even when it changes mid-play', async () => {
    const t = setup({ auto: false, settings: { maxVolume: 0.25 } });
    await t.player.start(sineSession({ durationSec: 5, volume: 1, amp: 0.8 }));
    const sink = t.sinks[0]!;
    await sink.release(10);
    expect(peak(sink.left, 2048)).toBeCloseTo(0.8 * 0.25, 2);
    await t.player.setVolume(0.5);
    await sink.release(10); // the master ramps over 50 ms
    expect(peak(sink.left, sink.left.length - 2048)).toBeCloseTo(0.8 * 0.5 * 0.25, 2);
    t.settings.maxVolume = 0.1;
    await new Promise((r) => setTimeout(r, 60)); // the player re-reads settings every 20 ms here
    await sink.release(14);
    expect(peak(sink.left, sink.left.length - 2048)).toBeCloseTo(0.8 * 0.5 * 0.1, 2);
    expect(t.player.status().volume).toBe(0.5);
    await expect(t.player.setVolume(1.5)).rejects.toBeInstanceOf(KoruError);
    sink.letGo();
    await t.player.stop();
  });

  it('ends the session at the sleep time, fading over the last fadeSec', async () => {
    const t = setup({ auto: false });
    await t.player.start(sineSession({ durationSec: 10 }));
    const s = await t.player.setSleepTimer(1 / 60, 0.5); // stop after 1 s, fading from 0.5 s
    expect(s.sleepAtSec! - s.elapsedSec).toBeCloseTo(1, 5);
    t.sinks[0]!.letGo();
    await t.idle();
    const sink = t.sinks[0]!;
    expect(sink.left.length / SR).toBeCloseTo(s.sleepAtSec!, 1);
    expect(peak(sink.left, 0.3 * SR, 0.45 * SR)).toBeGreaterThan(0.45); // full level before the fade
    expect(peak(sink.left, 0.62 * SR, 0.7 * SR)).toBeLessThan(0.45); // fading
    expect(peak(sink.left, sink.left.length - 0.1 * SR)).toBeLessThan(0.11);
    await expect(t.player.setSleepTimer(5)).rejects.toBeInstanceOf(KoruError); // nothing is playing now
  });

  it('survives a device that fails mid-play: idle, lastError set and pushed, and plays again', async () => {
    const failing = new MemorySink(SR);
    failing.failAt = 5;
    let calls = 0;
    const t = setup({ openSink: async (rate) => (calls++ === 0 ? failing : new MemorySink(rate)) });
    await t.player.start(sineSession({ durationSec: 5 }));
    await t.idle();
    expect(t.player.status().lastError).toMatch(/device unplugged/);
    expect(t.statuses.at(-1)).toMatchObject({ state: 'idle', lastError: expect.stringMatching(/unplugged/) });
    expect(failing.closed).toBe(1);
    expect((await t.player.start(sineSession())).lastError).toBeNull();
    await t.player.stop();
  });

  it('reports a missing device as NO_DEVICE and stays usable', async () => {
    const t = setup({
      openSink: async () => {
        throw new KoruError('NO_DEVICE', 'No audio output device found (ALSA/PortAudio said: No default device)');
      },
    });
    await expect(t.player.start(sineSession())).rejects.toMatchObject({ code: 'NO_DEVICE' });
    expect(t.player.status()).toMatchObject({ state: 'idle', lastError: expect.stringContaining('No default device') });
    await vi.waitFor(() => expect(t.statuses.at(-1)?.lastError).toContain('No default device'));
  });

  it('pushes status and spectrum frames with the active tones while playing, and stops pushing after', async () => {
    const t = setup({ auto: false });
    await t.player.start(sineSession({ durationSec: 5, freq: 440 }));
    const sink = t.sinks[0]!;
    await sink.release(12);
    sink.lateBlocks = 3;
    const before = t.statuses.length;
    await new Promise((r) => setTimeout(r, 120));
    expect(t.statuses.length - before).toBeGreaterThanOrEqual(3);
    expect(t.statuses.at(-1)).toMatchObject({ state: 'playing', lateBlocks: 3 });
    expect(t.spectra.length).toBeGreaterThanOrEqual(3);
    const last = t.spectra.at(-1)!;
    expect(last.active.map((a) => a.freq)).toEqual([440]);
    expect(Math.abs(last.peaks[0]!.freq - 440)).toBeLessThan(6);
    expect(last.atSec).toBeCloseTo((12 * 1024) / SR, 1);
    sink.letGo();
    await t.player.stop();
    const n = t.spectra.length;
    await new Promise((r) => setTimeout(r, 60));
    expect(t.spectra.length).toBe(n);
  });

  it('drives the real session renderer: a binaural session puts 205 Hz left and 195 Hz right', async () => {
    const t = setup();
    await t.player.start(testSession({ durationSec: 2 }));
    await t.idle();
    const sink = t.sinks[0]!;
    expect(sink.left.length).toBe(2 * SR);
    const mid = (xs: number[]) => Float32Array.from(xs.slice(SR / 2, (3 * SR) / 2));
    expect(peakFrequency(mid(sink.left), SR)).toBeCloseTo(205, 0);
    expect(peakFrequency(mid(sink.right), SR)).toBeCloseTo(195, 0);
  });

  it('plays audio a session mixes in, from the folder it was stored in (renderers run elsewhere)', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'koru-mix-play-'));
    try {
      const tone = Int16Array.from({ length: SR }, (_, i) => Math.round(16384 * Math.sin((2 * Math.PI * 1000 * i) / SR)));
      const wav = new WaveFile();
      wav.fromScratch(1, SR, '16', tone);
      const { asset } = await storeMixInput(folder, 'tone.wav', wav.toBuffer());
      const session = testSession({ durationSec: 1, program: { sets: [{ name: 'a', voices: [{ kind: 'mix', amp: 0.5 }] }], timeline: [{ at: 0, set: 'a', fadeIn: 'fade', fadeOut: 'fade', slide: false }], transitionSec: 10, mix: { file: 'tone.wav', asset } } as never });
      const t = setup({ mixFolder: folder });
      await t.player.start(session);
      await t.idle();
      expect(peakFrequency(Float32Array.from(t.sinks[0]!.left.slice(SR / 4)), SR)).toBeCloseTo(1000, -1);
      expect(peak(t.sinks[0]!.left, SR / 4)).toBeGreaterThan(0.1);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('seeks: the position jumps, the audio follows, and the jump is faded (no click)', async () => {
    const t = setup({ auto: false });
    await t.player.start(sineSession({ durationSec: 10 }));
    const sink = t.sinks[0]!;
    await sink.release(4);
    const s = await t.player.seek(6);
    expect(s.elapsedSec).toBe(6);
    await sink.release(10);
    const now = (await t.player.refresh()).elapsedSec;
    expect(now).toBeGreaterThan(6);
    expect(now).toBeLessThan(6.5);
    expect(step(sink.left)).toBeLessThan(0.01);
    await expect(t.player.seek(-1)).rejects.toMatchObject({ code: 'BAD_INPUT' });
    sink.letGo();
    await t.player.stop();
  });

  it('applies an edit saved while playing to what plays, from where it is', async () => {
    const t = setup({ auto: false });
    const session = sineSession({ durationSec: 10, freq: 200 });
    await t.player.start(session);
    const sink = t.sinks[0]!;
    await sink.release(6);
    expect(await t.player.update(sineSession({ durationSec: 10, freq: 500 }))).toBe(true);
    expect(await t.player.update(sineSession({ id: 'other', durationSec: 10 }))).toBe(false);
    const from = sink.left.length;
    await sink.release(20);
    expect(peakFrequency(Float32Array.from(sink.left.slice(from + 8192)), SR)).toBeCloseTo(500, -1);
    expect(step(sink.left)).toBeLessThan(0.05);
    sink.letGo();
    await t.player.stop();
  });
});
