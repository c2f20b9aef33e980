/** The spectrum's axes: bands are log-spaced from 20 Hz to 20 kHz (see contract/events.ts). */
export const F_MIN = 20;
export const F_MAX = 20_000;
export const DB_FLOOR = -96;
export const DB_CEIL = 0;

const DECADES = Math.log10(F_MAX / F_MIN);

/** x in 0..width for a frequency (clamped to the axis). */
export function freqToX(freq: number, width: number): number {
  const f = Math.min(F_MAX, Math.max(F_MIN, freq));
  return (Math.log10(f / F_MIN) / DECADES) * width;
}

/** Centre frequency of band i of n equal log-width bands. */
export function bandFreq(i: number, n: number): number {
  return F_MIN * Math.pow(F_MAX / F_MIN, (i + 0.5) / n);
}

/** y in 0..height for a level in dBFS: 0 dB at the top, the floor at the bottom. */
export function dbToY(db: number, height: number): number {
  const d = Number.isFinite(db) ? Math.min(DB_CEIL, Math.max(DB_FLOOR, db)) : DB_FLOOR;
  return ((DB_CEIL - d) / (DB_CEIL - DB_FLOOR)) * height;
}

export const GRID_FREQS = [50, 100, 200, 500, 1000, 2000, 5000, 10000];
export const LABEL_FREQS: { freq: number; label: string }[] = [
  { freq: 100, label: '100 Hz' },
  { freq: 1000, label: '1 kHz' },
  { freq: 10000, label: '10 kHz' },
];
