import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WaveFile } from 'wavefile';
import { peakFrequency } from '../audio/analysis';
import { BELL_FREQ } from './bell';
import { countingOfflineVoice, makeService, practiceEnv, practiceProviders } from './testing';

/** Runs of 20 ms frames above −40 dBFS, gaps under 0.35 s closed: one per thing heard. */
function bursts(x: Float32Array, rate: number): { start: number; end: number }[] {
  const hop = Math.round(rate * 0.02);
  const loud: boolean[] = [];
  for (let i = 0; i + hop <= x.length; i += hop) {
    let s = 0;
    for (let j = i; j < i + hop; j++) s += (x[j] as number) ** 2;
    loud.push(Math.sqrt(s / hop) > 0.01);
  }
  const out: { start: number; end: number }[] = [];
  const maxGap = Math.round(0.35 / 0.02);
  loud.forEach((on, k) => {
    if (!on) return;
    const last = out.at(-1);
    if (last && k - last.end <= maxGap) last.end = k + 1;
    else out.push({ start: k, end: k + 1 });
  });
  return out.map((b) => ({ start: b.start * hop, end: b.end * hop }));
}

function mono(file: string): { x: Float32Array; rate: number } {
  const wav = new WaveFile(fs.readFileSync(file));
  const rate = (wav.fmt as { sampleRate: number }).sampleRate;
  const [l, r] = wav.getSamples(false, Float64Array) as unknown as Float64Array[];
  const x = new Float32Array(l!.length);
  for (let i = 0; i < x.length; i++) x[i] = ((l![i] as number) + (r![i] as number)) / 2 / 32768;
  return { x, rate };
}

const isBell = (x: Float32Array, rate: number, b: { start: number; end: number }) => {
  const f = peakFrequency(x.subarray(b.start, Math.min(b.end, b.start + rate)), rate, { minFreq: 100, maxFreq: 2000 });
  return Math.abs(f - BELL_FREQ) < 3;
};

describe('voiced practice, rendered', () => {
  const env = practiceEnv();
  const voice = countingOfflineVoice();
  const db = env.open();
  const { service } = makeService(env, db, { providers: practiceProviders(voice.synth) });
  let rendered: { x: Float32Array; rate: number };

  beforeAll(async () => {
    const out = path.join(env.dir, 'mala.wav');
    await service.renderText('Om mani padme hum', { voicedCount: 108, bed: 'none' }, 'wav', out);
    rendered = mono(out);
  }, 120_000);
  afterAll(async () => {
    db.close();
    await voice.close();
    env.cleanup();
  });

  it('speaks the mantra 108 times, then rings the bell once at the end of the round', () => {
    const { x, rate } = rendered;
    const b = bursts(x, rate);
    const bells = b.map((burst) => isBell(x, rate, burst));
    expect(b).toHaveLength(109);
    expect(bells.filter(Boolean)).toHaveLength(1);
    expect(bells.at(-1)).toBe(true);
    // Every repetition is the same length: the same segment, spoken once and laid 108 times.
    const lengths = b.slice(0, 108).map((s) => (s.end - s.start) / rate);
    expect(Math.max(...lengths) - Math.min(...lengths)).toBeLessThan(0.05);
  });

  it('voiced the mantra once: a second render is all from the segment cache', async () => {
    expect(voice.texts).toEqual(['Om mani padme hum']);
    await service.renderText('Om mani padme hum', { voicedCount: 3, roundSize: 3, bed: 'alpha-relax' }, 'wav', path.join(env.dir, 'again.wav'));
    expect(voice.texts).toHaveLength(1);
  }, 60_000);

  it('rings a bell after every round and pauses at the guru bead', async () => {
    const out = path.join(env.dir, 'rounds.wav');
    await service.renderText('Om mani padme hum', { voicedCount: 12, roundSize: 4, guruPauseSec: 6, gapSec: 1, bed: 'none' }, 'wav', out);
    const { x, rate } = mono(out);
    const b = bursts(x, rate);
    const kinds = b.map((burst) => (isBell(x, rate, burst) ? 'bell' : 'mantra'));
    const round = ['mantra', 'mantra', 'mantra', 'mantra', 'bell'];
    expect(kinds).toEqual([...round, ...round, ...round]);
    // After the bell (6 s, ringing out) comes the 6 s guru pause before the next round.
    const afterBell = (b[5]!.start - b[4]!.start) / rate;
    expect(afterBell).toBeGreaterThan(11);
    expect(afterBell).toBeLessThan(13);
    // Between repetitions: the chosen pace.
    const gap = (b[1]!.start - b[0]!.end) / rate;
    expect(gap).toBeGreaterThan(0.8);
    expect(gap).toBeLessThan(1.4);
  }, 60_000);

  it('refuses counts of 0 and 10⁷ and empty or 100 kB mantras before voicing anything', async () => {
    const before = voice.texts.length;
    const out = path.join(env.dir, 'bad.wav');
    await expect(service.renderText('Om', { voicedCount: 0 }, 'wav', out)).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/between 1 and 10,800/) });
    await expect(service.renderText('Om', { voicedCount: 1e7 }, 'wav', out)).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(service.renderText('   ', {}, 'wav', out)).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/cannot be empty/) });
    await expect(service.renderText('om '.repeat(34_000), {}, 'wav', out)).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/at most 2,000 characters/) });
    await expect(service.renderText('Om', { bed: 'no-such-bed' }, 'wav', out)).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/Unknown bed/) });
    expect(voice.texts.length).toBe(before);
    expect(fs.existsSync(out)).toBe(false);
  });
});
