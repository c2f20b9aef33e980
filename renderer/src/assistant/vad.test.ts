/** The page's VAD on made-up signals: onset within a few frames, the end after the hangover, room
 *  noise and a click never count as speech, and push-to-talk's flush returns what was said. */
import { describe, expect, it } from 'vitest';
import { resample, wav16 } from './pcm';
import { createVad, type VadEvent } from './vad';

const RATE = 48_000;
function signal(parts: Array<[seconds: number, amplitude: number]>): Float32Array {
  const n = parts.reduce((a, [s]) => a + Math.round(s * RATE), 0);
  const out = new Float32Array(n);
  let at = 0;
  let seed = 3;
  for (const [s, amp] of parts) {
    for (let i = 0; i < Math.round(s * RATE); i++, at++) {
      const noise = (((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) - 0.5) * 0.002;
      out[at] = noise + amp * Math.sin((2 * Math.PI * 180 * at) / RATE) * (0.6 + 0.4 * Math.sin((2 * Math.PI * 4 * at) / RATE));
    }
  }
  return out;
}
function run(x: Float32Array, block = 1024): VadEvent[] {
  const vad = createVad({ sampleRate: RATE });
  const events: VadEvent[] = [];
  for (let i = 0; i < x.length; i += block) events.push(...vad.push(x.subarray(i, i + block)));
  return events;
}

describe('energy VAD with endpointing', () => {
  it('starts within 100 ms of speech and ends 700–800 ms after it, with the pre-roll in the utterance', () => {
    const events = run(signal([[1, 0], [1.5, 0.3], [1.5, 0]]));
    expect(events.map((e) => e.type)).toEqual(['start', 'end']);
    const [start, end] = events as [VadEvent, Extract<VadEvent, { type: 'end' }>];
    expect(start.atSample / RATE - 1).toBeGreaterThan(0.04);
    expect(start.atSample / RATE - 1).toBeLessThan(0.1);
    expect(end.atSample / RATE - 2.5).toBeGreaterThanOrEqual(0.7);
    expect(end.atSample / RATE - 2.5).toBeLessThan(0.8);
    expect(end.audio.length / RATE).toBeGreaterThan(1.5 + 0.2); // speech + pre-roll + hangover
  });

  it('a pause shorter than the hangover stays one utterance; room noise and a 20 ms click are not speech', () => {
    expect(run(signal([[0.5, 0], [0.6, 0.3], [0.4, 0], [0.6, 0.3], [1, 0]])).map((e) => e.type)).toEqual(['start', 'end']);
    expect(run(signal([[3, 0]]))).toEqual([]);
    expect(run(signal([[1, 0], [0.02, 0.8], [1, 0]]))).toEqual([]);
  });

  it('flush ends an utterance at once (push-to-talk released) and the WAV is 16 kHz 16-bit', () => {
    const vad = createVad({ sampleRate: RATE });
    vad.push(signal([[0.5, 0], [0.5, 0.3]]));
    expect(vad.speaking).toBe(true);
    const audio = vad.flush()!;
    expect(vad.speaking).toBe(false);
    const wav = wav16(resample(audio, RATE, 16_000), 16_000);
    const view = new DataView(wav.buffer);
    expect(String.fromCharCode(...wav.subarray(0, 4))).toBe('RIFF');
    expect(view.getUint32(24, true)).toBe(16_000);
    expect(view.getUint32(40, true)).toBe(Math.floor((audio.length * 16_000) / RATE) * 2);
  });
});
