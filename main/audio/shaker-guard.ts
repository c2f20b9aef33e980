/**
 * Hardware level 3 (amplifier + bass shaker): the shaker is driven by everything below a few
 * hundred hertz, and sub-audio content (slow isochronic pulses, DC from a slide, binaural carriers
 * below 30 Hz) moves its coil without making sound — the seed warns this can damage it. This stage
 * removes the infrasonic band and, while the low band (< ~120 Hz) peaks above a ceiling, turns the
 * signal down until it does not; otherwise the rest passes untouched.
 *
 * Wiring: the audio engine (main/playback/engine.ts) runs one per playback right after the master
 * and before the sink, and the player turns it on while the amplifier is at hardware level 3.
 * Disabled, it is an exact pass-through; toggling crossfades over 50 ms.
 */

export interface ShakerGuardOptions {
  sampleRate: number;
  /** Everything below this is removed (12 dB/octave). */
  highPassHz?: number;
  /** The band the limiter watches: what a shaker mostly reproduces. */
  lowBandHz?: number;
  /** Peak the low band may reach (linear; 0.25 ≈ −12 dBFS). */
  lowBandCeiling?: number;
  enabled?: boolean;
}

export interface ShakerGuard {
  process(block: Float32Array, frames: number): void;
  setEnabled(on: boolean): void;
  readonly enabled: boolean;
  /** Current low-band gain (1 = not limiting); for meters and tests. */
  readonly lowBandGain: number;
}

interface Biquad {
  b0: number; b1: number; b2: number; a1: number; a2: number;
}

/** RBJ cookbook biquads, Q = 1/√2 (Butterworth). */
function biquad(kind: 'hp' | 'lp', f: number, sampleRate: number): Biquad {
  const w = (2 * Math.PI * f) / sampleRate;
  const alpha = Math.sin(w) / (2 * Math.SQRT1_2);
  const cos = Math.cos(w);
  const a0 = 1 + alpha;
  const b1 = kind === 'lp' ? 1 - cos : -(1 + cos);
  const b0 = kind === 'lp' ? (1 - cos) / 2 : (1 + cos) / 2;
  return { b0: b0 / a0, b1: b1 / a0, b2: b0 / a0, a1: (-2 * cos) / a0, a2: (1 - alpha) / a0 };
}

/** Direct form I state for one filter on one channel. */
class Section {
  x1 = 0; x2 = 0; y1 = 0; y2 = 0;
  constructor(private readonly c: Biquad) {}
  run(x: number): number {
    const { b0, b1, b2, a1, a2 } = this.c;
    const y = b0 * x + b1 * this.x1 + b2 * this.x2 - a1 * this.y1 - a2 * this.y2;
    this.x2 = this.x1; this.x1 = x; this.y2 = this.y1; this.y1 = y;
    return y;
  }
}

export function createShakerGuard(opts: ShakerGuardOptions): ShakerGuard {
  const sr = opts.sampleRate;
  const hp = biquad('hp', opts.highPassHz ?? 25, sr);
  const lp = biquad('lp', opts.lowBandHz ?? 120, sr);
  const ceiling = opts.lowBandCeiling ?? 0.25;
  const chans = [0, 1].map(() => ({ hp: new Section(hp), lp: new Section(lp) }));
  const attack = 1 - Math.exp(-1 / (0.002 * sr));
  const release = 1 - Math.exp(-1 / (0.3 * sr));
  const fadeStep = 1 / (0.05 * sr);
  let enabled = opts.enabled ?? false;
  let mix = enabled ? 1 : 0; // 0 = dry, 1 = guarded
  let env = 0;
  let gain = 1;

  return {
    get enabled() {
      return enabled;
    },
    get lowBandGain() {
      return gain;
    },
    setEnabled(on) {
      enabled = on;
    },
    process(block, frames) {
      if (!enabled && mix === 0) {
        // Keep the filters warm on the dry signal so switching on does not start from a step.
        for (let i = 0; i < frames; i++) for (let c = 0; c < 2; c++) chans[c]!.lp.run(chans[c]!.hp.run(block[i * 2 + c] ?? 0));
        return;
      }
      const [L, R] = chans as [(typeof chans)[0], (typeof chans)[0]];
      for (let i = 0; i < frames; i++) {
        const xl = block[i * 2] ?? 0;
        const xr = block[i * 2 + 1] ?? 0;
        const hl = L.hp.run(xl);
        const hr = R.hp.run(xr);
        const ll = L.lp.run(hl);
        const lr = R.lp.run(hr);
        // One envelope for both channels, so limiting never shifts the stereo image.
        const peak = Math.max(Math.abs(ll), Math.abs(lr));
        env += (peak > env ? attack : release) * (peak - env);
        const want = env > ceiling ? ceiling / env : 1;
        gain += (want < gain ? attack : release) * (want - gain);
        // A bass-keyed limiter: the low band decides, the whole guarded signal follows. (Splitting
        // bands and scaling only the low one leaks: the complement of a 2nd-order low-pass still
        // carries ~60 % of a 50 Hz tone.) With gain 1 this is exactly the high-passed input.
        const yl = hl * gain;
        const yr = hr * gain;
        mix = enabled ? Math.min(1, mix + fadeStep) : Math.max(0, mix - fadeStep);
        block[i * 2] = xl + (yl - xl) * mix;
        block[i * 2 + 1] = xr + (yr - xr) * mix;
      }
    },
  };
}
