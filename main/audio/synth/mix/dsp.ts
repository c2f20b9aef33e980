/**
 * A `mix` voice: the session's input audio at the voice's (ramping) level. Its position follows
 * the session frame, so seeks and a live render line up with the file; it loops, with a short
 * fade either side of the seam so the loop never clicks (SBaGen stops at the file's end).
 */
import type { Ramp, VoiceDsp } from '../dsp';
import type { MixSource } from './store';

export const LOOP_FADE_SEC = 0.01;

export class MixDsp implements VoiceDsp {
  private readonly ratio: number;
  private readonly fade: number;
  private buf = new Float64Array(0);

  constructor(
    private readonly source: MixSource | null,
    sampleRate: number,
  ) {
    this.ratio = source ? source.sampleRate / sampleRate : 1;
    this.fade = source ? Math.max(1, Math.min(source.frames / 4, LOOP_FADE_SEC * source.sampleRate)) : 1;
  }

  process(mix: Float64Array, off: number, n: number, r: Ramp, frame: number): void {
    const src = this.source;
    if (!src) return;
    const q0 = frame * this.ratio;
    const first = Math.floor(q0);
    const span = Math.floor((frame + n) * this.ratio) - first + 2;
    if (this.buf.length < span * 2) this.buf = new Float64Array(span * 2);
    const buf = this.buf;
    src.read(buf, first, span);
    const F = src.frames, fade = this.fade;
    const a0 = r.amp0, da = r.dAmp;
    let k = r.k0;
    for (let i = 0, j = off * 2; i < n; i++, k++, j += 2) {
      const q = (frame + i) * this.ratio;
      const x = q - first;
      const idx = x | 0;
      const f = x - idx;
      const at = q % F;
      const g = (a0 + k * da) * Math.min(1, at / fade, (F - at) / fade);
      const b = 2 * idx;
      mix[j]! += g * (buf[b]! + f * (buf[b + 2]! - buf[b]!));
      mix[j + 1]! += g * (buf[b + 1]! + f * (buf[b + 3]! - buf[b + 1]!));
    }
  }
}
