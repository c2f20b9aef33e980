/** Shared lookup tables for the oscillators. Phase is kept in cycles (a Float64 in [0, 1)), so
 *  `phase * SIN_SIZE` indexes the table directly. */

/** 4096 points + linear interpolation: worst-case error (2π/4096)²/8 ≈ 3e-7 (≈ −130 dB), far
 *  below 16-bit quantisation. Frequency accuracy does not depend on the table at all: it comes
 *  from the double-precision phase accumulator. */
export const SIN_SIZE = 4096;

/** One cycle of sine plus a guard point (SIN[SIN_SIZE] = SIN[0]) so `idx + 1` never wraps. */
export const SIN = new Float64Array(SIN_SIZE + 1);
for (let i = 0; i <= SIN_SIZE; i++) SIN[i] = Math.sin((2 * Math.PI * i) / SIN_SIZE);
// Exact zeros at 0, ½ and 1 so silence stays silence.
SIN[0] = 0;
SIN[SIN_SIZE / 2] = 0;
SIN[SIN_SIZE] = 0;

/** Sine of a phase in cycles, [0, 1). Use for one-off values; hot loops inline the same code. */
export function sinCycles(phase: number): number {
  const x = phase * SIN_SIZE;
  const i = x | 0;
  const s0 = SIN[i] as number;
  return s0 + (x - i) * ((SIN[i + 1] as number) - s0);
}

/**
 * Isochronic gate over one pulse period (phase in cycles): a raised-cosine rise over the first
 * fifth, on until ½, a raised-cosine fall over the next fifth, then off. Half-amplitude points
 * at 0.1 and 0.6 give a 50 % duty cycle; the cosine edges have zero slope at both ends, so the
 * gate never clicks whatever the pulse rate.
 */
export const GATE_SIZE = 1024;
export const GATE = new Float64Array(GATE_SIZE + 1);
const EDGE = 0.2;
for (let i = 0; i <= GATE_SIZE; i++) {
  const q = (i % GATE_SIZE) / GATE_SIZE;
  let g: number;
  if (q < EDGE) g = 0.5 - 0.5 * Math.cos((Math.PI * q) / EDGE);
  else if (q < 0.5) g = 1;
  else if (q < 0.5 + EDGE) g = 0.5 + 0.5 * Math.cos((Math.PI * (q - 0.5)) / EDGE);
  else g = 0;
  GATE[i] = g;
}
