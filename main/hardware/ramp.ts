/**
 * Volume ramps: the amplifier's volume only ever moves in steps of at most `stepRaw` native units,
 * at least `intervalMs` apart, so its speed never exceeds the configured percent per second —
 * whatever the caller asked for, however often it asked.
 */
export interface RampPlan {
  stepRaw: number;
  intervalMs: number;
}

// Around ten steps a second: smooth to the ear, light on a 9600-baud line.
const STEPS_PER_SEC = 10;

export function rampPlan(maxRaw: number, percentPerSec: number): RampPlan {
  const rawPerSec = (percentPerSec * maxRaw) / 100;
  const stepRaw = Math.max(1, Math.round(rawPerSec / STEPS_PER_SEC));
  return { stepRaw, intervalMs: (1000 * stepRaw) / rawPerSec };
}

/** The next volume on the way from `current` to `target`. */
export function nextStep(current: number, target: number, stepRaw: number): number {
  if (current === target) return current;
  return current < target ? Math.min(target, current + stepRaw) : Math.max(target, current - stepRaw);
}

export const toPercent = (raw: number, maxRaw: number): number => Math.round(((raw * 100) / maxRaw) * 10) / 10;

/** Percent → native units, never above the cap (rounded down so the cap itself is never crossed). */
export function toRaw(percent: number, maxRaw: number, capPercent = 100): number {
  const want = Math.round((percent * maxRaw) / 100);
  const cap = Math.floor((capPercent * maxRaw) / 100 + 1e-9);
  return Math.max(0, Math.min(want, cap, maxRaw));
}
