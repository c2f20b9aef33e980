/** How the picture moves between frames: a pure step function of time, so it can be tested. */
import { ease, REST, type VisualParams } from './mapping';

export interface Motion {
  /** The eased parameters being shown. */
  shown: VisualParams;
  /** Radians. */
  rotation: number;
  /** Radians; the pulse is 0.5 − 0.5·cos(phase). */
  pulsePhase: number;
  /** Advances each drawn frame while grain shimmers (never in calm mode). */
  grainStep: number;
}

export const STILL: Motion = { shown: REST, rotation: 0, pulsePhase: 0, grainStep: 0 };

/** Time constants: the picture follows the sound within a quarter second, or drifts in calm. */
const TAU_SEC = { lively: 0.25, calm: 2.5 };
/** Rotation in rad/s: barely there, a little quicker when loud; calm turns at a quarter of it. */
const SPIN = { base: 0.04, perEnergy: 0.05, calmFactor: 0.25 };
/** A long pause (tab hidden, a stall) must not make the figure jump: cap one step. */
const MAX_STEP_SEC = 0.1;

export function step(m: Motion, target: VisualParams, dtSec: number, calm: boolean): Motion {
  const dt = Math.min(MAX_STEP_SEC, Math.max(0, dtSec));
  const shown = ease(m.shown, target, dt, calm ? TAU_SEC.calm : TAU_SEC.lively);
  const spin = (SPIN.base + SPIN.perEnergy * shown.energy) * (calm ? SPIN.calmFactor : 1);
  return {
    shown,
    rotation: (m.rotation + spin * dt) % (2 * Math.PI),
    pulsePhase: calm ? 0 : (m.pulsePhase + 2 * Math.PI * shown.pulseHz * dt) % (2 * Math.PI),
    grainStep: calm ? m.grainStep : m.grainStep + 1,
  };
}

/** 0–1: how far out the figure breathes now. Always 0 in calm mode or with no beat. */
export function pulseOf(m: Motion, calm: boolean): number {
  if (calm || m.shown.pulseHz === 0) return 0;
  return 0.5 - 0.5 * Math.cos(m.pulsePhase);
}
