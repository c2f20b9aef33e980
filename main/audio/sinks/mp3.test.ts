import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KoruError } from '../../../contract/errors';
import { createMp3Sink } from './mp3';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'koru-mp3-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// No MP3 decoder is installed, so the file is checked by walking its frame headers.
const KBPS_V1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const KBPS_V2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const RATES: Record<number, number[]> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000] };

interface Frame {
  kbps: number;
  sampleRate: number;
  mono: boolean;
}

/** Every byte must belong to a chain of valid Layer III frames, back to back. */
function walkFrames(bytes: Buffer): Frame[] {
  const frames: Frame[] = [];
  let at = 0;
  while (at + 4 <= bytes.length) {
    const [b0, b1, b2, b3] = [bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!];
    if (b0 !== 0xff || (b1 & 0xe0) !== 0xe0) throw new Error(`no frame sync at byte ${at}`);
    const version = (b1 >> 3) & 3; // 3 = MPEG-1, 2 = MPEG-2
    if (((b1 >> 1) & 3) !== 1) throw new Error(`not Layer III at byte ${at}`);
    const kbps = (version === 3 ? KBPS_V1 : KBPS_V2)[b2 >> 4]!;
    const sampleRate = RATES[version]![(b2 >> 2) & 3]!;
    const padding = (b2 >> 1) & 1;
    const size = Math.floor(((version === 3 ? 144 : 72) * kbps * 1000) / sampleRate) + padding;
    frames.push({ kbps, sampleRate, mono: b3 >> 6 === 3 });
    at += size;
  }
  expect(at).toBe(bytes.length);
  return frames;
}

function stereoTone(frames: number, sampleRate: number, amp: number): Float32Array {
  const out = new Float32Array(frames * 2);
  for (let n = 0; n < frames; n++) {
    out[2 * n] = amp * Math.sin((2 * Math.PI * 440 * n) / sampleRate);
    out[2 * n + 1] = amp * Math.sin((2 * Math.PI * 440 * n) / sampleRate + 1);
  }
  return out;
}

async function encode(file: string, src: Float32Array, sampleRate: number, kbps?: number) {
  const sink = createMp3Sink(file, { sampleRate, kbps });
  const block = new Float32Array(1000 * 2);
  for (let f = 0; f < src.length / 2; f += 1000) {
    const n = Math.min(1000, src.length / 2 - f);
    block.set(src.subarray(2 * f, 2 * (f + n)));
    await sink.write(block, n);
  }
  await sink.close();
  await sink.close();
  return sink;
}

describe('createMp3Sink', () => {
  it('encodes a 440 Hz tone into a chain of 192 kbps stereo frames of the right length', async () => {
    const file = path.join(dir, 'tone.mp3');
    const frames = 44100;
    const sink = await encode(file, stereoTone(frames, 44100, 0.5), 44100);
    expect(sink.framesWritten).toBe(frames);
    const bytes = fs.readFileSync(file);
    const mp3Frames = walkFrames(bytes);
    expect(mp3Frames.every((f) => f.kbps === 192 && f.sampleRate === 44100 && !f.mono)).toBe(true);
    // Encoder delay and padding add at most a couple of frames of 1152 samples.
    expect(mp3Frames.length * 1152).toBeGreaterThanOrEqual(frames);
    expect(mp3Frames.length * 1152).toBeLessThan(frames + 3 * 1152);
    expect(bytes.length / (192_000 / 8)).toBeCloseTo(1, 1); // ≈ 1 s at 24 kB/s
  });

  it('carries the audio: a tone fills the frames, silence leaves them nearly empty', async () => {
    const tone = path.join(dir, 'loud.mp3');
    const quiet = path.join(dir, 'quiet.mp3');
    await encode(tone, stereoTone(22050, 44100, 0.5), 44100, 128);
    await encode(quiet, new Float32Array(22050 * 2), 44100, 128);
    const nonZero = (f: string) => fs.readFileSync(f).filter((b) => b !== 0).length;
    expect(nonZero(tone)).toBeGreaterThan(4 * nonZero(quiet));
  });

  it('uses MPEG-2 frames below 32 kHz', async () => {
    const file = path.join(dir, 'low.mp3');
    await encode(file, stereoTone(12000, 24000, 0.3), 24000, 64);
    const mp3Frames = walkFrames(fs.readFileSync(file));
    expect(mp3Frames.every((f) => f.kbps === 64 && f.sampleRate === 24000)).toBe(true);
    expect(mp3Frames.length * 576).toBeGreaterThanOrEqual(12000);
  });

  it('refuses rates and bit rates MP3 cannot carry, and unwritable paths', () => {
    const file = path.join(dir, 'bad.mp3');
    expect(() => createMp3Sink(file, { sampleRate: 96000 })).toThrow(KoruError);
    expect(() => createMp3Sink(file, { sampleRate: 44100, kbps: 144 })).toThrow(/144 kbps/);
    expect(() => createMp3Sink(file, { sampleRate: 22050, kbps: 320 })).toThrow(KoruError);
    const missing = path.join(dir, 'missing', 'x.mp3');
    expect(() => createMp3Sink(missing, { sampleRate: 44100 })).toThrow(
      expect.objectContaining({ code: 'STORAGE' }),
    );
  });
});
