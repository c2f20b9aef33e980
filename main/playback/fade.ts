/** The output stage's own gain envelope for pause, resume and stop: a per-sample linear ramp, so a
 *  transport action never cuts the waveform mid-cycle (which is a click). It sits before the
 *  master, whose volume ramp and limiter stay independent of it. */
export interface Fade {
  gain: number;
  target: number;
  /** Gain change per frame, > 0. */
  step: number;
}

export function createFade(gain = 1): Fade {
  return { gain, target: gain, step: 1 };
}

/** Head for `target`, arriving in `frames` frames from wherever the gain is now. */
export function fadeTo(fade: Fade, target: number, frames: number): void {
  fade.target = target;
  fade.step = Math.max(Math.abs(target - fade.gain), 1e-9) / Math.max(1, Math.round(frames));
}

/** Scale `frames` interleaved stereo frames of `block` in place by the ramping gain. */
export function applyFade(fade: Fade, block: Float32Array, frames: number): void {
  let { gain } = fade;
  const { target, step } = fade;
  if (gain === target) {
    if (gain === 1) return;
    for (let i = 0; i < frames * 2; i++) block[i] = (block[i] as number) * gain;
    return;
  }
  for (let f = 0, i = 0; f < frames; f++, i += 2) {
    if (gain < target) gain = Math.min(target, gain + step);
    else if (gain > target) gain = Math.max(target, gain - step);
    block[i] = (block[i] as number) * gain;
    block[i + 1] = (block[i + 1] as number) * gain;
  }
  fade.gain = gain;
}

/** True once the gain has reached silence and is meant to stay there. */
export function isSilent(fade: Fade): boolean {
  return fade.gain === 0 && fade.target === 0;
}
