import FFT from 'fft.js';
import { describe, expect, it } from 'vitest';
import { FOR_RECOGNITION, resample, resampleAsync, resampleDirect, resampleGrowing } from './resample';

const sine = (freq: number, rate: number, n: number, amp = 0.5) => Float32Array.from({ length: n }, (_, i) => amp * Math.sin((2 * Math.PI * freq * i) / rate));

/** Blackman-Harris-windowed (−92 dB sidelobes) magnitude spectrum (dB re the strongest bin) of `size` samples from the middle. */
function spectrumDb(x: Float32Array, size: number): Float64Array {
  const start = Math.floor((x.length - size) / 2);
  const input = Array.from({ length: size }, (_, i) => (x[start + i] ?? 0) * blackmanHarris(i, size));
  const fft = new FFT(size);
  const out = fft.createComplexArray() as number[];
  fft.realTransform(out, input);
  const mags = Float64Array.from({ length: size / 2 }, (_, k) => Math.hypot(out[2 * k] ?? 0, out[2 * k + 1] ?? 0));
  const max = Math.max(...mags);
  return mags.map((m) => 20 * Math.log10(m / max + 1e-20));
}
function blackmanHarris(i: number, n: number): number {
  const a = (2 * Math.PI * i) / n;
  return 0.35875 - 0.48829 * Math.cos(a) + 0.14128 * Math.cos(2 * a) - 0.01168 * Math.cos(3 * a);
}
const binOf = (freq: number, rate: number, size: number) => Math.round((freq * size) / rate);
const rms = (x: Float32Array, from: number, to: number) => Math.sqrt(x.subarray(from, to).reduce((s, v) => s + v * v, 0) / (to - from));

describe('resample', () => {
  it('moves a 1 kHz tone from 22.05 kHz to 48 kHz with no other component above −80 dB', () => {
    const out = resample(sine(1000, 22050, 22050), 22050, 48000);
    expect(out.length).toBe(48000);
    const size = 16384;
    const db = spectrumDb(out, size);
    const peak = binOf(1000, 48000, size);
    expect(db.indexOf(0)).toBeGreaterThanOrEqual(peak - 1);
    expect(db.indexOf(0)).toBeLessThanOrEqual(peak + 1);
    let worst = -Infinity;
    db.forEach((v, k) => {
      if (Math.abs(k - peak) > 8) worst = Math.max(worst, v);
    });
    expect(worst).toBeLessThan(-80);
    // Level is kept (0.5 amplitude → 0.354 RMS).
    expect(rms(out, 4800, 43200)).toBeCloseTo(0.5 / Math.SQRT2, 2);
  });

  it('removes content above the new Nyquist when downsampling (no aliasing)', () => {
    // 15 kHz at 48 k → 24 k would alias to 9 kHz; a 2 kHz reference shows the passband.
    const x = sine(15000, 48000, 48000).map((v, i) => v + 0.5 * Math.sin((2 * Math.PI * 2000 * i) / 48000));
    const out = resample(x, 48000, 24000);
    const db = spectrumDb(out, 8192);
    expect(db[binOf(2000, 24000, 8192)]).toBeGreaterThan(-1);
    expect(Math.max(...db.slice(binOf(9000, 24000, 8192) - 4, binOf(9000, 24000, 8192) + 5))).toBeLessThan(-70);
  });

  it('for a speech recogniser: 44.1 kHz → 16 kHz with aliasing still below −55 dB, on a kernel a third as long', () => {
    // 10 kHz at 44.1 k → 16 k would alias to 6 kHz; 1 kHz shows the passband.
    const x = sine(10000, 44100, 44100).map((v, i) => v + 0.5 * Math.sin((2 * Math.PI * 1000 * i) / 44100));
    const out = resample(x, 44100, 16000, FOR_RECOGNITION);
    expect(out.length).toBe(16000);
    const db = spectrumDb(out, 8192);
    expect(db[binOf(1000, 16000, 8192)]).toBeGreaterThan(-1);
    expect(Math.max(...db.slice(binOf(6000, 16000, 8192) - 4, binOf(6000, 16000, 8192) + 5))).toBeLessThan(-55);
    expect(FOR_RECOGNITION.zeroCrossings * 3).toBeLessThanOrEqual(24);
  });

  it('the phase banks give what the kernel evaluated at every tap gives, for every rate pair Koru meets', () => {
    const x = Float32Array.from({ length: 20_000 }, (_, i) => Math.sin(i * 0.37) * 0.4 + Math.sin(i * 0.011) * 0.3);
    for (const [from, to, q] of [[24000, 44100], [22050, 48000], [44100, 48000], [48000, 44100], [44100, 16000, FOR_RECOGNITION], [24000, 16000, FOR_RECOGNITION]] as const) {
      const banked = resample(x, from, to, q);
      const direct = new Float32Array(banked.length);
      resampleDirect(x, from, to, direct, 0, direct.length, q);
      let worst = 0;
      banked.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - direct[i]!))));
      expect(worst, `${from} → ${to}`).toBeLessThan(1e-5);
    }
  });

  it('keeps timing: an impulse lands at the same instant', () => {
    const x = new Float32Array(24000);
    x[12000] = 1;
    const out = resample(x, 24000, 48000);
    let at = 0;
    out.forEach((v, i) => {
      if (Math.abs(v) > Math.abs(out[at] ?? 0)) at = i;
    });
    expect(at).toBe(24000);
  });
});

describe('resampleAsync', () => {
  it('gives the same samples as the one-shot version', async () => {
    const x = sine(440, 24000, 5000);
    expect(await resampleAsync(x, 24000, 44100, 777)).toEqual(resample(x, 24000, 44100));
  });

  it('growing: the head is valid on return, the rest fills in later, ending equal to the one-shot', async () => {
    const x = sine(440, 24000, 24000);
    const whole = resample(x, 24000, 48000);
    const g = resampleGrowing(x, 24000, 48000, 1000);
    expect(g.samples.length).toBe(whole.length);
    expect(g.filled()).toBe(1000);
    expect(g.samples.subarray(0, 1000)).toEqual(whole.subarray(0, 1000));
    expect(g.samples[whole.length - 1]).toBe(0); // not computed yet
    await g.done;
    expect(g.filled()).toBe(whole.length);
    expect(g.samples).toEqual(whole);
  });
});
