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
 * Isochronic gate over one pulse period (phase in cycles), SBaGen+'s shape: on while a sine at
 * the pulse rate is above 0.3, rising and falling along a smoothstep of (sin − 0.3)/0.7, so the
 * tone is on for about 40 % of each period. The smoothstep has zero slope where the gate opens
 * and closes, so it never clicks whatever the pulse rate.
 */
export const GATE_SIZE = 1024;
export const GATE = new Float64Array(GATE_SIZE + 1);
const THRESHOLD = 0.3;
for (let i = 0; i <= GATE_SIZE; i++) {
  const s = Math.sin((2 * Math.PI * (i % GATE_SIZE)) / GATE_SIZE);
  const m = s > THRESHOLD ? (s - THRESHOLD) / (1 - THRESHOLD) : 0;
  GATE[i] = m * m * (3 - 2 * m);
}
