import { describe, expect, it } from 'vitest';
import { createShakerGuard } from './shaker-guard';

const SR = 48000;

/** Runs `sec` of a stereo sine through `process` in 512-frame blocks; returns the last half second. */
function run(process: (b: Float32Array, n: number) => void, freq: number, amp: number, sec = 2): Float32Array {
  const frames = Math.round(sec * SR);
  const out = new Float32Array(frames * 2);
  const block = new Float32Array(512 * 2);
  for (let start = 0; start < frames; start += 512) {
    const n = Math.min(512, frames - start);
    for (let i = 0; i < n; i++) {
      const v = amp * Math.sin((2 * Math.PI * freq * (start + i)) / SR);
      block[i * 2] = v;
      block[i * 2 + 1] = v;
    }
    process(block, n);
    out.set(block.subarray(0, n * 2), start * 2);
  }
  return out.subarray((frames - SR / 2) * 2);
}
const peak = (a: Float32Array) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
const db = (x: number) => 20 * Math.log10(x);

describe('shaker guard (hardware level 3)', () => {
  it('is an exact pass-through while disabled (hardware level 2)', () => {
    const g = createShakerGuard({ sampleRate: SR, enabled: false });
    const tail = run((b, n) => g.process(b, n), 10, 0.5);
    expect(peak(tail)).toBeCloseTo(0.5, 4);
  });

  it('removes infrasonic content by more than 12 dB', () => {
    const g = createShakerGuard({ sampleRate: SR, enabled: true });
    const tail = run((b, n) => g.process(b, n), 8, 0.5);
    expect(db(peak(tail) / 0.5)).toBeLessThan(-12);
  });

  it('leaves the mid band alone', () => {
    const g = createShakerGuard({ sampleRate: SR, enabled: true });
    const tail = run((b, n) => g.process(b, n), 1000, 0.5);
    expect(Math.abs(db(peak(tail) / 0.5))).toBeLessThan(0.2);
    expect(g.lowBandGain).toBeGreaterThan(0.99);
  });

  it('holds a loud bass tone near the low-band ceiling', () => {
    const g = createShakerGuard({ sampleRate: SR, enabled: true, lowBandCeiling: 0.25 });
    const tail = run((b, n) => g.process(b, n), 50, 0.9);
    expect(peak(tail)).toBeLessThan(0.35);
    expect(peak(tail)).toBeGreaterThan(0.15);
    expect(g.lowBandGain).toBeLessThan(0.4);
  });

  it('switches on without a click: the first block after enabling barely differs from dry', () => {
    const g = createShakerGuard({ sampleRate: SR, enabled: false });
    run((b, n) => g.process(b, n), 200, 0.5, 0.5);
    g.setEnabled(true);
    const block = new Float32Array(64 * 2);
    for (let i = 0; i < 64; i++) block[i * 2] = block[i * 2 + 1] = 0.5 * Math.sin((2 * Math.PI * 200 * i) / SR);
    const dry = Float32Array.from(block);
    g.process(block, 64);
    const maxDiff = block.reduce((m, v, i) => Math.max(m, Math.abs(v - (dry[i] ?? 0))), 0);
    expect(maxDiff).toBeLessThan(0.05);
  });
});
