/**
 * Sound → picture parameters, as pure functions of the pushed spectrum (contract/events.ts):
 * the beat sets the pulse, each carrier a hue and a ring radius, the noise bands the grain.
 */
import type { Spectrum } from '../../../contract';
import { bandFreq } from '../spectrum/scale';

/** The slowest and fastest pulse shown. A 10 Hz beat flashed at 10 Hz would be a strobe (the
 *  photosensitive range is about 3–30 Hz), so the beat is folded down by octaves into a breath:
 *  the pulse stays locked to the beat (every 2ⁿth beat), never faster than this. */
export const PULSE_MAX_HZ = 1;

/** Carriers are placed on a log axis over these seven octaves (below and above clamp). */
export const RING_F_LO = 40;
export const RING_F_HI = 5120;
export const RING_R_MIN = 0.22;
export const RING_R_MAX = 0.95;

/** Tones closer than this ratio (two semitones) are one carrier: a binaural pair's two ears. */
export const SAME_CARRIER_RATIO = 2 ** (2 / 12);
export const MAX_CARRIERS = 8;

/** Levels are shown over this range of dBFS, quieter reads 0. */
const LEVEL_FLOOR_DB = -72;

/** Hue 0° at C (any octave): the same note always has the same colour. */
const HUE_REF_HZ = 261.6255653;

export interface Carrier {
  freq: number;
  /** 0–360. */
  hue: number;
  /** Of the figure's radius, RING_R_MIN..RING_R_MAX. */
  radius: number;
  /** 0–1, from the band the carrier sits in. */
  level: number;
}

export interface VisualParams {
  /** Pulse rate shown (Hz), 0 when nothing beats. */
  pulseHz: number;
  /** The beat it comes from (Hz), 0 when none: for the caption. */
  beatHz: number;
  /** Lowest first. */
  carriers: Carrier[];
  /** Overall loudness 0–1. */
  energy: number;
  /** Grain strength 0–1 from the noise: fine from the highs, coarse from the lows. */
  texture: { fine: number; coarse: number };
}

export const REST: VisualParams = { pulseHz: 0, beatHz: 0, carriers: [], energy: 0, texture: { fine: 0, coarse: 0 } };

/** The beat folded down by octaves to at most PULSE_MAX_HZ (a slower beat is kept as is). */
export function pulseFor(beatHz: number): number {
  if (!(beatHz > 0) || !Number.isFinite(beatHz)) return 0;
  let f = beatHz;
  while (f > PULSE_MAX_HZ) f /= 2;
  return f;
}

export function hueFor(freq: number): number {
  const octaves = Math.log2(freq / HUE_REF_HZ);
  return (((octaves % 1) + 1) % 1) * 360;
}

export function radiusFor(freq: number): number {
  const f = Math.min(RING_F_HI, Math.max(RING_F_LO, freq));
  return RING_R_MIN + ((RING_R_MAX - RING_R_MIN) * Math.log2(f / RING_F_LO)) / Math.log2(RING_F_HI / RING_F_LO);
}

export function levelFor(db: number): number {
  if (!Number.isFinite(db)) return 0;
  return Math.min(1, Math.max(0, (db - LEVEL_FLOOR_DB) / -LEVEL_FLOOR_DB));
}

/** The louder channel's level at `freq`, read from the band it falls in. */
function bandLevelAt(s: Spectrum, freq: number): number {
  const n = s.bands[0]?.length ?? 0;
  if (n === 0) return 0;
  // Band centres are log-spaced (see spectrum/scale.ts): invert bandFreq for the index.
  const i = Math.round(Math.log(freq / bandFreq(0, n)) / Math.log(bandFreq(1, n) / bandFreq(0, n)));
  const b = Math.min(n - 1, Math.max(0, i));
  return levelFor(Math.max(s.bands[0]?.[b] ?? -Infinity, s.bands[1]?.[b] ?? -Infinity));
}

/** Group frequencies (sorted) closer than SAME_CARRIER_RATIO; each group's geometric mean. */
export function mergeCarriers(freqs: number[]): number[] {
  const sorted = freqs.filter((f) => f >= 20 && Number.isFinite(f)).sort((a, b) => a - b);
  const out: number[] = [];
  let group: number[] = [];
  const flush = () => {
    if (group.length) out.push(group.length === 1 ? group[0]! : Math.exp(group.reduce((a, f) => a + Math.log(f), 0) / group.length));
    group = [];
  };
  for (const f of sorted) {
    if (group.length && f / group[0]! >= SAME_CARRIER_RATIO) flush();
    group.push(f);
  }
  flush();
  return out;
}

/** Mean level of the bands whose centres lie in [lo, hi). */
function meanLevel(s: Spectrum, lo: number, hi: number): number {
  const n = s.bands[0]?.length ?? 0;
  let sum = 0;
  let count = 0;
  for (let b = 0; b < n; b++) {
    const f = bandFreq(b, n);
    if (f < lo || f >= hi) continue;
    sum += levelFor(Math.max(s.bands[0]![b]!, s.bands[1]?.[b] ?? -Infinity));
    count++;
  }
  return count ? sum / count : 0;
}

/**
 * What one spectrum event asks of the picture. The engine's own list of what it is making
 * (`active`, with roles) comes first; narration or input audio with no listed tone falls back
 * to the peaks the analysis found, so rituals move too.
 */
export function paramsFrom(s: Spectrum | null): VisualParams {
  if (!s) return REST;
  const beat = s.active.find((a) => a.role === 'beat' && a.freq > 0)?.freq ?? 0;
  const tones = s.active.filter((a) => a.role === 'tone').map((a) => a.freq);
  const freqs = mergeCarriers(tones.length ? tones : s.peaks.filter((p) => p.db > LEVEL_FLOOR_DB).map((p) => p.freq));
  const carriers = freqs.slice(0, MAX_CARRIERS).map((freq) => ({ freq, hue: hueFor(freq), radius: radiusFor(freq), level: bandLevelAt(s, freq) }));
  let loudest = -Infinity;
  for (const ch of s.bands) for (const db of ch) loudest = Math.max(loudest, db);
  const noisy = s.active.some((a) => a.role === 'noise');
  return {
    pulseHz: pulseFor(beat),
    beatHz: beat,
    carriers,
    energy: levelFor(loudest),
    texture: noisy ? { fine: meanLevel(s, 2000, 20_000), coarse: meanLevel(s, 20, 250) } : { fine: 0, coarse: 0 },
  };
}

export interface Ring {
  radius: number;
  hue: number;
  level: number;
  petals: number;
}

/** Rings in the mandala at the most: each carrier brings its harmonics while there is room. */
export const MAX_RINGS = 12;

/**
 * The mandala of rings: each carrier and its harmonics (n·f, n = 1, 2, …), each at the radius
 * its frequency sets, with 6·n petals and a level falling as 1/n; nearer rings than
 * MIN_RING_GAP are skipped so lines never pile up.
 */
export function mandalaRings(carriers: Carrier[]): Ring[] {
  const MIN_RING_GAP = 0.045;
  const out: Ring[] = [];
  const perCarrier = Math.max(1, Math.floor(MAX_RINGS / Math.max(1, carriers.length)));
  for (let n = 1; n <= perCarrier; n++) {
    for (const c of carriers) {
      const radius = radiusFor(c.freq * n);
      if (radius >= RING_R_MAX && n > 1) continue;
      if (out.some((r) => Math.abs(r.radius - radius) < MIN_RING_GAP)) continue;
      out.push({ radius, hue: hueFor(c.freq * n), level: c.level / n, petals: 6 * n });
    }
  }
  return out.sort((a, b) => a.radius - b.radius).slice(0, MAX_RINGS);
}

/** Exponential approach of `from` toward `to` with time constant `tau` seconds. */
export function approach(from: number, to: number, dtSec: number, tau: number): number {
  if (tau <= 0) return to;
  return to + (from - to) * Math.exp(-dtSec / tau);
}

/**
 * One animation step: `shown` eases toward `target` so 20 events a second look continuous at
 * 60 frames. Carriers are matched by frequency: a kept one glides, a new one fades in from
 * nothing at its place, a gone one fades out and is dropped once invisible.
 */
export function ease(shown: VisualParams, target: VisualParams, dtSec: number, tau: number): VisualParams {
  const e = (a: number, b: number) => approach(a, b, dtSec, tau);
  const used = new Set<number>();
  const carriers: Carrier[] = target.carriers.map((t) => {
    const i = shown.carriers.findIndex((c, k) => !used.has(k) && Math.max(c.freq / t.freq, t.freq / c.freq) < SAME_CARRIER_RATIO);
    if (i < 0) return { ...t, level: e(0, t.level) };
    used.add(i);
    const c = shown.carriers[i]!;
    // Hue eases along the short way round the circle.
    const dh = ((t.hue - c.hue + 540) % 360) - 180;
    return { freq: e(c.freq, t.freq), hue: (e(0, dh) + c.hue + 360) % 360, radius: e(c.radius, t.radius), level: e(c.level, t.level) };
  });
  shown.carriers.forEach((c, k) => {
    if (used.has(k)) return;
    const level = e(c.level, 0);
    if (level > 0.01) carriers.push({ ...c, level });
  });
  carriers.sort((a, b) => a.freq - b.freq);
  return {
    pulseHz: target.pulseHz,
    beatHz: target.beatHz,
    carriers,
    energy: e(shown.energy, target.energy),
    texture: { fine: e(shown.texture.fine, target.texture.fine), coarse: e(shown.texture.coarse, target.texture.coarse) },
  };
}
