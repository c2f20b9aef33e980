/** Live output, checked by analysis: a session is played through the real player, whose audio
 *  engine runs in its own process and plays through the real PortAudio sink (naudiodon → ALSA
 *  file plugin → WAV, see test/alsa/asound.conf); then the same session is rendered offline in
 *  this process and the two are compared. While it plays, this process's event loop — the app's
 *  main thread — is blocked for half a second: the engine must not notice.
 *
 *  Why the null test cannot reach −∞: the live sink quantizes to 16 bits with TPDF dither from
 *  its own (random) seed, while the offline reference stays Float32. The residual is therefore
 *  the dither + quantization noise, about ½ LSB RMS (≈ −96 dBFS) against a signal near −15 dBFS,
 *  i.e. ≈ −80 dB. Anything structural (a dropped or repeated block, a wrong gain, a different
 *  noise seed, a click) lands near 0 dB instead, so −60 dB leaves a wide, honest margin. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMaster, createSessionRenderer } from '../../main/audio';
import { deinterleave, nullTest, peakFrequency } from '../../main/audio/analysis';
import type { EngineStats } from '../../main/playback';
import { ALSA_CAPTURE_CONF, ALSA_NO_DEFAULT_CONF, MAX_VOLUME, SAMPLE_RATE, SEED, alsaMissing, captureSession, hostPlayer } from './fixtures/capture-session';
import { readWav } from '../audio-files';

const SECONDS = 4;
let dir = '';

beforeAll(() => {
  const missing = alsaMissing();
  if (missing) throw new Error(missing);
  dir = mkdtempSync(join(tmpdir(), 'koru-capture-'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Block this thread (the app's main loop) for `ms`, the way a long synchronous job would. */
function blockMainLoop(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    /* busy */
  }
}

function offlineRender(seconds: number): Float32Array {
  const session = captureSession(seconds);
  const renderer = createSessionRenderer(session.program, { sampleRate: SAMPLE_RATE, durationSec: seconds, seed: SEED });
  const master = createMaster({ sampleRate: SAMPLE_RATE, volume: session.volume, maxVolume: MAX_VOLUME });
  const out = new Float32Array(Math.round(seconds * SAMPLE_RATE) * 2);
  const block = new Float32Array(4096 * 2);
  for (let at = 0; ; ) {
    const n = renderer.render(block, 4096);
    master.process(block, n);
    out.set(block.subarray(0, n * 2), at * 2);
    at += n;
    if (n < 4096) break;
  }
  return out;
}

const peakAbs = (xs: Float32Array) => xs.reduce((m, x) => Math.max(m, Math.abs(x)), 0);

/** Frames of lead-in before `ref` starts in `live`: the shift that nulls a 0.1 s window at 1 s. */
function findLead(ref: Float32Array, live: Float32Array, maxLead: number): number {
  const at = SAMPLE_RATE * 2;
  const win = ref.subarray(at, at + 4800 * 2);
  let best = { db: Infinity, lead: -1 };
  for (let lead = 0; lead <= maxLead; lead++) {
    const db = nullTest(win, live.subarray(at + lead * 2, at + lead * 2 + win.length), { channels: 2, maxOffset: 0 }).db;
    if (db < best.db) best = { db, lead };
  }
  return best.lead;
}

describe('PortAudio live output, captured through ALSA', () => {
  it('plays the session the offline renderer renders, to within dither, with the main loop blocked for 500 ms', async () => {
    const wavPath = join(dir, 'capture.wav');
    const { player, statuses, logged } = hostPlayer({ alsaConf: ALSA_CAPTURE_CONF, capture: wavPath });
    let stats: EngineStats;
    let duringBlock: number;
    try {
      await player.start(captureSession(SECONDS));
      // Well into the session (the null device has no clock: the engine paces itself to real time)…
      await vi.waitFor(async () => expect((await player.refresh()).elapsedSec).toBeGreaterThan(1.5), { timeout: 20_000, interval: 20 });
      const before = (await player.stats()).framesPlayed;
      blockMainLoop(500);
      duringBlock = (await player.stats()).framesPlayed - before;
      await vi.waitFor(() => expect(player.status().state).toBe('idle'), { timeout: 20_000, interval: 20 });
      stats = await player.stats();
    } finally {
      await player.close();
    }
    expect(player.status().lastError).toBeNull();
    expect(logged).toEqual([]);
    expect([...new Set(statuses.map((s) => s.state))]).toEqual(['playing', 'idle']);
    // The engine went on playing in real time while this thread was blocked: ≈ 0.5 s of audio
    // reached the device meanwhile (an engine on this thread would have written nothing).
    console.log(`capture: ${(duringBlock / SAMPLE_RATE).toFixed(3)} s played during the 0.5 s block; ${stats.lateBlocks} late blocks`);
    expect(duringBlock / SAMPLE_RATE).toBeGreaterThan(0.3);
    expect(stats.framesPlayed).toBe(SECONDS * SAMPLE_RATE);

    const wav = readWav(wavPath);
    expect(wav).toMatchObject({ channels: 2, sampleRate: SAMPLE_RATE });
    const live = wav.samples;
    const offline = offlineRender(SECONDS);
    const frames = offline.length / 2;
    expect(live.length / 2).toBeLessThan(frames + 16384); // + priming and the padded last buffer

    // Binaural 200+10: the left ear at 205 Hz, the right at 195 Hz (pink noise underneath).
    const mid = live.subarray(SAMPLE_RATE * 2, SAMPLE_RATE * 2 * 3);
    const band = { minFreq: 150, maxFreq: 250 };
    const left = peakFrequency(deinterleave(mid, 0), SAMPLE_RATE, band);
    const right = peakFrequency(deinterleave(mid, 1), SAMPLE_RATE, band);
    console.log(`capture: left peak ${left.toFixed(2)} Hz, right peak ${right.toFixed(2)} Hz`);
    expect(left).toBeCloseTo(205, 0);
    expect(right).toBeCloseTo(195, 0);

    // PortAudio's ALSA backend primes the device with a little silence before the first
    // callback (520 frames here), so find where our samples begin in the capture first.
    const lead = findLead(offline, live, 8192);
    console.log(`capture: PortAudio primed ${lead} frames (${((lead / SAMPLE_RATE) * 1000).toFixed(1)} ms) of silence`);
    expect(lead).toBeLessThan(0.1 * SAMPLE_RATE);
    expect(peakAbs(live.subarray(0, lead * 2))).toBe(0);
    const aligned = live.subarray(lead * 2, lead * 2 + offline.length);
    expect(aligned.length).toBe(offline.length); // nothing dropped at the end either
    const nulled = nullTest(offline, aligned, { channels: 2, maxOffset: 2 });
    console.log(`capture: null test residual ${nulled.db.toFixed(1)} dB (offset ${nulled.offset})`);
    expect(nulled.offset).toBe(0);
    expect(nulled.db).toBeLessThan(-60);
    // …and the comparison can tell: the same capture against a different noise seed fails.
    const master = createMaster({ sampleRate: SAMPLE_RATE, volume: 0.7, maxVolume: MAX_VOLUME });
    const other = new Float32Array(offline.length);
    const r = createSessionRenderer(captureSession(SECONDS).program, { sampleRate: SAMPLE_RATE, durationSec: SECONDS, seed: SEED + 1 });
    r.render(other, frames);
    master.process(other, frames);
    expect(nullTest(other, aligned, { channels: 2, maxOffset: 0 }).db).toBeGreaterThan(-20);
  });

  it('reports NO_DEVICE when ALSA has no usable default device, and the engine lives on', async () => {
    const { player } = hostPlayer({ alsaConf: ALSA_NO_DEFAULT_CONF, capture: join(dir, 'none.wav') });
    try {
      await expect(player.start(captureSession(1))).rejects.toMatchObject({ code: 'NO_DEVICE', message: expect.stringContaining('No default device') });
      expect(player.status()).toMatchObject({ state: 'idle', lastError: expect.stringContaining('No audio output device') });
      // Still alive and answering after the failure.
      expect(await player.devices()).toMatchObject({ devices: [], error: expect.any(String) });
      expect((await player.refresh()).state).toBe('idle');
    } finally {
      await player.close();
    }
  });
});
