import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KoruError } from '../../../contract/errors';
import { estimateFrequency } from '../analysis';
import { createMp3Sink } from './mp3';
import { readMp3 } from '../../../test/audio-files';

const decode = (bytes: Uint8Array) => readMp3(bytes);

const rms = (x: Float32Array) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);
function largestStep(x: Float32Array): number {
  let max = 0;
  for (let i = 1; i < x.length; i++) max = Math.max(max, Math.abs(x[i]! - x[i - 1]!));
  return max;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'koru-mp3-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// The file is checked twice: by walking its frame headers, and by decoding it with mpg123.
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

async function encode(file: string, src: Float32Array, sampleRate: number, kbps?: number, id3?: Uint8Array) {
  const sink = await createMp3Sink(file, { sampleRate, kbps, ...(id3 ? { id3 } : {}) });
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

  it('carries the audio: a tone comes back at its level, silence stays silent', async () => {
    const tone = path.join(dir, 'loud.mp3');
    const quiet = path.join(dir, 'quiet.mp3');
    await encode(tone, stereoTone(22050, 44100, 0.5), 44100, 128);
    await encode(quiet, new Float32Array(22050 * 2), 44100, 128);
    expect(rms((await decode(fs.readFileSync(tone))).left.subarray(4000, 20000))).toBeCloseTo(0.5 / Math.SQRT2, 1);
    expect(rms((await decode(fs.readFileSync(quiet))).left)).toBeLessThan(1e-4);
  });

  it('uses MPEG-2 frames below 32 kHz', async () => {
    const file = path.join(dir, 'low.mp3');
    await encode(file, stereoTone(12000, 24000, 0.3), 24000, 64);
    const mp3Frames = walkFrames(fs.readFileSync(file));
    expect(mp3Frames.every((f) => f.kbps === 64 && f.sampleRate === 24000)).toBe(true);
    expect(mp3Frames.length * 576).toBeGreaterThanOrEqual(12000);
  });

  it('decodes back to the same tone, the same length and no joins (mpg123)', async () => {
    const file = path.join(dir, 'decode.mp3');
    const SR = 48000;
    const frames = 5 * SR;
    // Fed in uneven blocks, so encoder calls never line up with MP3 frames.
    const sink = await createMp3Sink(file, { sampleRate: SR, kbps: 192 });
    const src = stereoTone(frames, SR, 0.5);
    const block = new Float32Array(4099 * 2);
    for (let f = 0; f < frames; f += 4099) {
      const n = Math.min(4099, frames - f);
      block.set(src.subarray(2 * f, 2 * (f + n)));
      await sink.write(block, n);
    }
    await sink.close();
    const { left, right, sampleRate } = await decode(fs.readFileSync(file));
    expect(sampleRate).toBe(SR);
    // LAME's delay and final padding: at most about two frames more than went in.
    expect(left.length).toBeGreaterThanOrEqual(frames);
    expect(left.length).toBeLessThan(frames + 3 * 1152);
    const mid = (x: Float32Array) => x.subarray(SR, 4 * SR);
    expect(Math.abs(estimateFrequency(mid(left), SR) - 440)).toBeLessThan(0.5);
    expect(Math.abs(estimateFrequency(mid(right), SR) - 440)).toBeLessThan(0.5);
    expect(rms(mid(left))).toBeCloseTo(0.5 / Math.SQRT2, 1);
    // A clean sine moves at most 2π·440/48000·0.5 ≈ 0.029 per sample; a bad join jumps.
    expect(largestStep(mid(left))).toBeLessThan(0.05);
  });

  it('puts an ID3 tag before the audio, and the file still decodes', async () => {
    const file = path.join(dir, 'tagged.mp3');
    const tag = Buffer.concat([Buffer.from('ID3\x03\x00\x00\x00\x00\x00\x0a', 'latin1'), Buffer.alloc(10)]);
    await encode(file, stereoTone(44100, 44100, 0.5), 44100, 128, tag);
    const bytes = fs.readFileSync(file);
    expect(bytes.subarray(0, 20).equals(tag)).toBe(true);
    walkFrames(bytes.subarray(20));
    expect((await decode(bytes)).left.length).toBeGreaterThanOrEqual(44100);
  });

  it('refuses rates and bit rates MP3 cannot carry, and unwritable paths', async () => {
    const file = path.join(dir, 'bad.mp3');
    await expect(createMp3Sink(file, { sampleRate: 96000 })).rejects.toThrow(KoruError);
    await expect(createMp3Sink(file, { sampleRate: 44100, kbps: 144 })).rejects.toThrow(/144 kbps/);
    await expect(createMp3Sink(file, { sampleRate: 22050, kbps: 320 })).rejects.toThrow(KoruError);
    const missing = path.join(dir, 'missing', 'x.mp3');
    await expect(createMp3Sink(missing, { sampleRate: 44100 })).rejects.toMatchObject({ code: 'STORAGE' });
  });
});
