/**
 * Voice activity detection with endpointing, by energy: 20 ms frames, a noise floor that follows
 * the quiet, speech when a frame stands well above it. Speech starts after `onsetFrames` loud
 * frames (the barge-in trigger) and ends after `hangoverMs` of quiet (the end of the utterance).
 * Pure and synchronous: the page feeds it microphone blocks, the bench feeds it samples.
 */
export interface VadOptions {
  sampleRate: number;
  frameMs?: number;
  /** Loud frames in a row that make speech (3 × 20 ms: a cough is shorter than a word). */
  onsetFrames?: number;
  /** Quiet that ends an utterance. */
  hangoverMs?: number;
  /** How far above the noise floor speech stands, in dB. */
  thresholdDb?: number;
  /** Never call anything quieter than this speech (dBFS). */
  minSpeechDb?: number;
  /** Audio kept from before the onset, so the first syllable is not lost. */
  preRollMs?: number;
}

/** The floor never rises above this: what stands 12 dB over it is speech in any room. */
const FLOOR_MAX_DB = -40;

export type VadEvent = { type: 'start'; atSample: number } | { type: 'end'; atSample: number; audio: Float32Array };

export function createVad(o: VadOptions) {
  const frame = Math.round((o.sampleRate * (o.frameMs ?? 20)) / 1000);
  const onsetFrames = o.onsetFrames ?? 3;
  const hangFrames = Math.ceil((o.hangoverMs ?? 700) / (o.frameMs ?? 20));
  const threshold = o.thresholdDb ?? 12;
  const minDb = o.minSpeechDb ?? -45;
  const preRoll = Math.round((o.sampleRate * (o.preRollMs ?? 300)) / 1000);
  let floorDb = -60;
  let loud = 0;
  let quiet = 0;
  let speaking = false;
  let pending = new Float32Array(0);
  let seen = 0;
  const history: Float32Array[] = [];
  let historyLen = 0;
  let utterance: Float32Array[] = [];

  function remember(f: Float32Array): void {
    history.push(f);
    historyLen += f.length;
    while (historyLen - history[0]!.length >= preRoll) historyLen -= history.shift()!.length;
  }

  function dbOf(f: Float32Array): number {
    let sum = 0;
    for (let i = 0; i < f.length; i++) sum += f[i]! * f[i]!;
    return 10 * Math.log10(sum / f.length + 1e-12);
  }

  function step(f: Float32Array, events: VadEvent[]): void {
    const db = dbOf(f);
    const isLoud = db > Math.max(minDb, floorDb + threshold);
    // The floor drops to any quieter frame at once and rises slowly (barely while speaking, and
    // never into speech levels), so a long sentence does not become its own floor.
    if (db < floorDb) floorDb = db;
    else floorDb = Math.min(FLOOR_MAX_DB, floorDb + (isLoud ? 0.002 : 0.05) * (db - floorDb));
    seen += f.length;
    if (!speaking) {
      remember(f);
      loud = isLoud ? loud + 1 : 0;
      if (loud >= onsetFrames) {
        speaking = true;
        quiet = 0;
        utterance = history.splice(0);
        historyLen = 0;
        events.push({ type: 'start', atSample: seen });
      }
      return;
    }
    utterance.push(f);
    quiet = isLoud ? 0 : quiet + 1;
    if (quiet >= hangFrames) {
      speaking = false;
      loud = 0;
      const n = utterance.reduce((a, b) => a + b.length, 0);
      const audio = new Float32Array(n);
      let at = 0;
      for (const u of utterance) {
        audio.set(u, at);
        at += u.length;
      }
      utterance = [];
      events.push({ type: 'end', atSample: seen, audio });
    }
  }

  return {
    /** Feeds a block of samples (any length); returns what happened in it. */
    push(block: Float32Array): VadEvent[] {
      const events: VadEvent[] = [];
      const all = new Float32Array(pending.length + block.length);
      all.set(pending);
      all.set(block, pending.length);
      let i = 0;
      for (; i + frame <= all.length; i += frame) step(all.slice(i, i + frame), events);
      pending = all.slice(i);
      return events;
    },
    get speaking() {
      return speaking;
    },
    /** Ends an utterance in progress now (push-to-talk released): its audio, or null. */
    flush(): Float32Array | null {
      if (!speaking) return null;
      const n = utterance.reduce((a, b) => a + b.length, 0);
      const audio = new Float32Array(n);
      let at = 0;
      for (const u of utterance) {
        audio.set(u, at);
        at += u.length;
      }
      this.reset();
      return audio;
    },
    /** Forget an utterance in progress (the page stopped listening). */
    reset() {
      speaking = false;
      loud = 0;
      quiet = 0;
      utterance = [];
      history.length = 0;
      historyLen = 0;
    },
  };
}
