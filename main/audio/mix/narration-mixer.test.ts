import { describe, expect, it } from 'vitest';
import { Program } from '../../../contract/program';
import { createNarrationMixer, normalizeSpeech } from './narration-mixer';

const SR = 16000;
const bed = Program.parse({ sets: [{ name: 'a', voices: [{ kind: 'sine', freq: 200, amp: 0.4 }] }], timeline: [{ at: 0, set: 'a' }] });
/** A "voice": a 1 kHz tone at the provider's 24 kHz. */
const speech = (sec: number) => ({ sampleRate: 24000, samples: Float32Array.from({ length: sec * 24000 }, (_, i) => 0.3 * Math.sin((2 * Math.PI * 1000 * i) / 24000)) });

function drain(m: ReturnType<typeof createNarrationMixer>, frames = Infinity, onBlock?: (pos: number) => void): Float32Array {
  const L: number[] = [];
  const buf = new Float32Array(512 * 2);
  while (L.length < frames) {
    onBlock?.(L.length);
    const n = m.render(buf, Math.min(512, frames - L.length));
    for (let i = 0; i < n; i++) L.push(buf[2 * i] as number);
    if (n < 512) break;
  }
  return Float32Array.from(L);
}

/** Amplitude of `freq` in x[from, from+len) (Goertzel). */
function amp(x: Float32Array, freq: number, fromSec: number, lenSec = 0.1): number {
  const from = Math.round(fromSec * SR);
  const len = Math.round(lenSec * SR);
  const w = (2 * Math.PI * freq) / SR;
  let s1 = 0, s2 = 0;
  for (let i = 0; i < len; i++) {
    const s = (x[from + i] ?? 0) + 2 * Math.cos(w) * s1 - s2;
    s2 = s1;
    s1 = s;
  }
  return (2 * Math.sqrt(s1 * s1 + s2 * s2 - 2 * Math.cos(w) * s1 * s2)) / len;
}
const db = (a: number, b: number) => 20 * Math.log10(a / b);

const base = { sampleRate: SR, targetSec: 20, bed, balance: 0.5, leadInSec: 2, fadeSec: 0.5, duckDb: -12 };
const items = () => [{ durationSec: 2, pauseAfterSec: 3 }, { durationSec: 2, pauseAfterSec: 3 }];

describe('narration mixer', () => {
  it('says which segment is heard, and nothing between the words', () => {
    const m = createNarrationMixer({ ...base, items: items() });
    m.segmentReady(0, speech(2));
    m.segmentReady(1, speech(2));
    const heard: { sec: number; spoken: number | null }[] = [];
    drain(m, Infinity, (pos) => heard.push({ sec: pos / SR, spoken: m.spoken() }));
    const [a, b] = m.placements();
    // Before the first words nothing, then segment 0, a pause, then segment 1 (block by block).
    const expected = heard.map(({ sec }) => (sec >= a!.startSec && sec < a!.endSec ? 0 : sec >= b!.startSec && sec < b!.endSec ? 1 : null));
    expect(heard.map((h) => h.spoken)).toEqual(expected);
    expect(expected).toContain(0);
    expect(expected).toContain(1);
    expect(heard[0]!.spoken).toBeNull();
  });

  it('ducks the bed under speech by the set amount, smoothly, starting just before the words', () => {
    const m = createNarrationMixer({ ...base, items: items(), releaseSec: 0.3 });
    m.segmentReady(0, speech(2));
    m.segmentReady(1, speech(2));
    const [p0, p1] = m.placements();
    expect(p0!.startSec).toBe(2);
    const x = drain(m);
    expect(x.length).toBe(20 * SR);
    const open = amp(x, 200, p0!.endSec + 2);
    const ducked = amp(x, 200, p0!.startSec + 1);
    expect(db(ducked, open)).toBeCloseTo(-12, 0);
    // Narration is there, resampled to the right pitch, and the bed is back between segments.
    expect(amp(x, 1000, p0!.startSec + 1)).toBeGreaterThan(0.1);
    expect(amp(x, 1000, p1!.endSec + 1)).toBeLessThan(0.001);
    // Attack: already lower 50 ms before the first word; no 20 ms step larger than 2 dB.
    expect(db(amp(x, 200, p0!.startSec - 0.1, 0.05), open)).toBeLessThan(-1);
    let worst = 0;
    for (let t = p0!.startSec - 0.4; t < p0!.startSec + 0.6; t += 0.02) worst = Math.max(worst, Math.abs(db(amp(x, 200, t + 0.02, 0.02), amp(x, 200, t, 0.02))));
    expect(worst).toBeLessThan(2);
  });

  it('fades in at the start and out at the end', () => {
    const m = createNarrationMixer({ ...base, items: items() });
    m.segmentReady(0, speech(2));
    m.segmentReady(1, speech(2));
    const x = drain(m);
    const rms = (a: number, b: number) => Math.sqrt(x.subarray(a, b).reduce((s, v) => s + v * v, 0) / (b - a));
    expect(rms(0, 160)).toBeLessThan(0.05 * rms(SR, SR + 1600));
    expect(rms(x.length - 160, x.length)).toBeLessThan(0.05 * rms(SR, SR + 1600));
  });

  it('plays the bed alone where a segment is missing and places a late segment after the playhead', () => {
    const m = createNarrationMixer({ ...base, items: items() });
    m.segmentReady(0, speech(2));
    const slot1 = m.placements()[1]!.startSec;
    const head = drain(m, Math.round((slot1 + 1) * SR));
    expect(amp(head, 1000, slot1 + 0.5, 0.3)).toBeLessThan(0.001);
    expect(amp(head, 200, slot1 + 0.5, 0.3)).toBeGreaterThan(0.05);
    m.segmentReady(1, speech(2));
    const late = m.placements()[1]!.startSec;
    expect(late).toBeGreaterThanOrEqual(slot1 + 1);
    const tail = drain(m);
    expect(amp(tail, 1000, late - (slot1 + 1) + 0.5)).toBeGreaterThan(0.1);
    expect(m.durationSec).toBeGreaterThanOrEqual(20);
  });

  it('gives up on segments that never come: the bed does not play forever', () => {
    const m = createNarrationMixer({ ...base, items: items(), maxHoldSec: 5 });
    const x = drain(m, 600 * SR);
    expect(x.length / SR).toBeGreaterThanOrEqual(20);
    expect(x.length / SR).toBeLessThan(30);
    const n = createNarrationMixer({ ...base, items: items() });
    n.skipMissing();
    expect(drain(n).length).toBe(20 * SR);
  });

  it('ends early with a fade on request (sleep timer / stop)', () => {
    const m = createNarrationMixer({ ...base, items: items() });
    drain(m, SR);
    m.endWithFade(1);
    expect(drain(m).length).toBe(SR);
  });

  it('brings every provider to the same narration level', () => {
    const quiet = normalizeSpeech(speech(1).samples.map((v) => v * 0.05));
    const loud = normalizeSpeech(speech(1).samples);
    const r = (x: Float32Array) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);
    expect(r(quiet)).toBeCloseTo(0.1, 3);
    expect(r(loud)).toBeCloseTo(0.1, 3);
  });

  it('plays a segment that is still being filled up to its valid part only, at the level of the whole', () => {
    const full = Float32Array.from({ length: 2 * SR }, (_, i) => 0.3 * Math.sin((2 * Math.PI * 1000 * i) / SR));
    const samples = new Float32Array(full.length);
    let filled = SR / 2;
    samples.set(full.subarray(0, filled));
    // Garbage past the valid part must never be heard.
    samples.fill(0.9, filled);
    const m = createNarrationMixer({ ...base, bed: null, items: items() });
    m.segmentReady(0, { samples, sampleRate: SR, filled: () => filled, gain: 0.5 });
    const start = m.placements()[0]!.startSec;
    const x = drain(m, Math.round((start + 1) * SR));
    expect(amp(x, 1000, start + 0.1)).toBeCloseTo(0.3 * 0.5, 2);
    expect(Math.max(...x.subarray(Math.round((start + 0.5) * SR)).map(Math.abs))).toBe(0);
    // Once filled, the rest plays.
    samples.set(full.subarray(filled), filled);
    filled = full.length;
    const rest = drain(m, SR / 2);
    expect(amp(rest, 1000, 0.1)).toBeCloseTo(0.15, 2);
  });

  it('lays out segments that arrive together as if they had come one by one (a mantra repeated)', () => {
    const many = Array.from({ length: 50 }, (_, i) => ({ durationSec: 0.5, pauseAfterSec: i % 10 === 9 ? 4 : 1 }));
    const opts = { ...base, bed: null, targetSec: 0, items: many };
    const oneByOne = createNarrationMixer(opts);
    const batch = createNarrationMixer(opts);
    const word = speech(1);
    many.forEach((_, i) => {
      oneByOne.segmentReady(i, word);
      oneByOne.placements(); // laid out after each
      batch.segmentReady(i, word);
    });
    expect(batch.placements()).toEqual(oneByOne.placements());
    expect(batch.durationSec).toBe(oneByOne.durationSec);
    expect(drain(batch)).toEqual(drain(oneByOne));
  });
});
