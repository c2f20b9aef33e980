import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WaveFile } from 'wavefile';
import { KoruError } from '../../../contract/errors';
import { deinterleave, estimateFrequency } from '../analysis';
import { createWavSink, wavDataLimit } from './wav';

const SR = 44100;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'koru-wav-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** L 440 Hz, R 660 Hz at half scale, interleaved. */
function toneStereo(frames: number): Float32Array {
  const out = new Float32Array(frames * 2);
  for (let n = 0; n < frames; n++) {
    out[2 * n] = 0.5 * Math.sin((2 * Math.PI * 440 * n) / SR);
    out[2 * n + 1] = 0.5 * Math.sin((2 * Math.PI * 660 * n) / SR);
  }
  return out;
}

/** Feed `src` in blocks of `size` frames through one reused buffer, as a player does. */
async function feed(
  sink: { write(b: Float32Array, f: number): Promise<void> },
  src: Float32Array,
  size: number,
) {
  const block = new Float32Array(size * 2);
  for (let f = 0; f < src.length / 2; f += size) {
    const n = Math.min(size, src.length / 2 - f);
    block.set(src.subarray(2 * f, 2 * (f + n)));
    await sink.write(block, n);
    block.fill(NaN); // proves the sink had finished with it
  }
}

interface Fmt {
  audioFormat: number;
  numChannels: number;
  sampleRate: number;
  bitsPerSample: number;
}

function read(file: string) {
  const wav = new WaveFile(fs.readFileSync(file));
  const fmt = wav.fmt as Fmt;
  const data = wav.data as { chunkSize: number };
  const samples = wav.getSamples(true, Float64Array) as unknown as Float64Array;
  return { wav, fmt, data, samples };
}

describe('createWavSink', () => {
  it('streams dithered 16-bit PCM that reads back as the same stereo tone', async () => {
    const file = path.join(dir, 'tone16.wav');
    const frames = 3 * SR; // 529 KB of data: crosses the 256 KB staging buffers
    const src = toneStereo(frames);
    const sink = createWavSink(file, { sampleRate: SR, bits: 16, seed: 1 });
    // The header is on disk (placeholder sizes) before any audio.
    expect(fs.readFileSync(file).subarray(0, 4).toString('latin1')).toBe('RIFF');
    await feed(sink, src, 1000);
    await sink.close();
    await sink.close(); // safe twice

    const { fmt, data, samples } = read(file);
    expect(fmt).toMatchObject({ audioFormat: 1, numChannels: 2, sampleRate: SR, bitsPerSample: 16 });
    expect(data.chunkSize).toBe(frames * 4);
    expect(fs.statSync(file).size).toBe(44 + frames * 4);
    expect(sink.framesWritten).toBe(frames);
    let maxErr = 0;
    for (let i = 0; i < samples.length; i++) {
      maxErr = Math.max(maxErr, Math.abs(samples[i]! - src[i]! * 32768));
    }
    expect(maxErr).toBeLessThanOrEqual(1.5); // rounding + ±1 LSB triangular dither
    const asFloat = Float32Array.from(samples, (s) => s / 32768);
    expect(Math.abs(estimateFrequency(deinterleave(asFloat, 0), SR) - 440)).toBeLessThan(1e-4);
    expect(Math.abs(estimateFrequency(deinterleave(asFloat, 1), SR) - 660)).toBeLessThan(1e-4);
  });

  it('writes 32-bit IEEE float bit-exactly, with the fact chunk', async () => {
    const file = path.join(dir, 'tone32.wav');
    const src = toneStereo(SR);
    src[10] = 1.75; // float WAV keeps overs; nothing clips
    const sink = createWavSink(file, { sampleRate: SR, bits: 32 });
    await feed(sink, src, 4096);
    await sink.close();
    const { wav, fmt, data, samples } = read(file);
    expect(fmt).toMatchObject({ audioFormat: 3, numChannels: 2, sampleRate: SR, bitsPerSample: 32 });
    expect((wav.fact as { dwSampleLength: number }).dwSampleLength).toBe(SR);
    expect(data.chunkSize).toBe(SR * 8);
    const back = Float32Array.from(samples);
    expect(Buffer.from(back.buffer).equals(Buffer.from(src.buffer))).toBe(true);
  });

  it('gives identical files for the same seed', async () => {
    const src = toneStereo(5000);
    const files = ['a', 'b'].map((n) => path.join(dir, `seed-${n}.wav`));
    for (const f of files) {
      const sink = createWavSink(f, { sampleRate: 48000, bits: 16, seed: 42 });
      await feed(sink, src, 512);
      await sink.close();
    }
    expect(fs.readFileSync(files[0]!).equals(fs.readFileSync(files[1]!))).toBe(true);
  });

  it('refuses to grow past the RIFF size limit and leaves a valid file', async () => {
    expect(44 - 8 + wavDataLimit(16)).toBeLessThanOrEqual(0xffffffff);
    expect(44 - 8 + wavDataLimit(16) + 4).toBeGreaterThan(0xffffffff);
    expect(58 - 8 + wavDataLimit(32) + 8).toBeGreaterThan(0xffffffff);
    const file = path.join(dir, 'capped.wav');
    const sink = createWavSink(file, { sampleRate: SR, bits: 16, maxDataBytes: 4000 });
    const block = toneStereo(600);
    await sink.write(block, 600);
    await expect(sink.write(block, 600)).rejects.toMatchObject({ code: 'STORAGE' });
    await sink.close();
    const { data } = read(file);
    expect(data.chunkSize).toBe(2400);
  });

  it('fails cleanly for paths it cannot write', () => {
    const missing = path.join(dir, 'no', 'such', 'dir', 'x.wav');
    expect(() => createWavSink(missing, { sampleRate: SR, bits: 16 })).toThrow(KoruError);
    try {
      createWavSink(dir, { sampleRate: SR, bits: 16 }); // a directory
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({ code: 'STORAGE', details: { code: 'EISDIR' } });
    }
    // /dev/full opens but every write fails: disk-full reporting.
    if (fs.existsSync('/dev/full')) {
      expect(() => createWavSink('/dev/full', { sampleRate: SR, bits: 16 })).toThrow(/ENOSPC/);
    }
  });

  it('refuses bad options, bad blocks and writes after close', async () => {
    const file = path.join(dir, 'bad.wav');
    expect(() => createWavSink(file, { sampleRate: 100, bits: 16 })).toThrow(KoruError);
    expect(() => createWavSink(file, { sampleRate: SR, bits: 24 as 16 })).toThrow(/16 or 32/);
    expect(() => createWavSink('', { sampleRate: SR, bits: 16 })).toThrow(KoruError);
    const sink = createWavSink(file, { sampleRate: SR, bits: 16 });
    await expect(sink.write(new Float32Array(4), 3)).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await sink.close();
    await expect(sink.write(new Float32Array(4), 2)).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(read(file).data.chunkSize).toBe(0);
  });
});
