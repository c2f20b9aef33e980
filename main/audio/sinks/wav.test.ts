import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
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
    await feed(sink, src, 1000);
    // Nothing under the final name until the file is complete.
    expect(fs.existsSync(file)).toBe(false);
    await sink.close();
    await sink.close(); // safe twice

    const { fmt, data, samples } = read(file);
    expect(fmt).toMatchObject({ audioFormat: 1, numChannels: 2, sampleRate: SR, bitsPerSample: 16 });
    expect(data.chunkSize).toBe(frames * 4);
    expect(fs.statSync(file).size).toBe(80 + frames * 4); // RIFF + JUNK reserve + fmt + data headers
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

  it('refuses data past maxDataBytes; closing then keeps a valid, shorter file', async () => {
    const file = path.join(dir, 'capped.wav');
    const sink = createWavSink(file, { sampleRate: SR, bits: 16, maxDataBytes: 4000 });
    const block = toneStereo(600);
    await sink.write(block, 600);
    await expect(sink.write(block, 600)).rejects.toMatchObject({ code: 'STORAGE' });
    await sink.close();
    const { data } = read(file);
    expect(data.chunkSize).toBe(2400);
  });

  it('becomes RF64 past the RIFF limit: ds64 carries the 64-bit sizes, sox reads it', async () => {
    expect(80 - 8 + wavDataLimit(16)).toBeLessThanOrEqual(0xffffffff);
    expect(80 - 8 + wavDataLimit(16) + 4).toBeGreaterThan(0xffffffff);
    expect(94 - 8 + wavDataLimit(32) + 8).toBeGreaterThan(0xffffffff);
    const frames = 3000;
    const file = path.join(dir, 'big.wav');
    const sink = createWavSink(file, { sampleRate: SR, bits: 16, seed: 3, riffDataLimit: 4000 });
    await feed(sink, toneStereo(frames), 700);
    await sink.close();
    const bytes = fs.readFileSync(file);
    const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const id = (at: number) => bytes.subarray(at, at + 4).toString('latin1');
    const u64 = (at: number) => v.getUint32(at, true) + v.getUint32(at + 4, true) * 2 ** 32;
    expect([id(0), v.getUint32(4, true), id(8), id(12), v.getUint32(16, true)]).toEqual(['RF64', 0xffffffff, 'WAVE', 'ds64', 28]);
    expect([u64(20), u64(28), u64(36)]).toEqual([bytes.length - 8, frames * 4, frames]);
    expect([id(72), v.getUint32(76, true)]).toEqual(['data', 0xffffffff]);
    // A real reader: sox takes the sizes from ds64.
    const soxi = spawnSync('soxi', ['-s', file], { encoding: 'utf8' });
    if (soxi.error) throw new Error('soxi is missing — install it with: apt-get install -y sox');
    expect(soxi.stdout.trim()).toBe(String(frames));
    const stat = spawnSync('sox', [file, '-n', 'stat'], { encoding: 'utf8' });
    expect(stat.stderr).toMatch(/Samples read:\s+6000/);
    // Below the limit the same writer gives plain RIFF, the reserve left as JUNK.
    const small = path.join(dir, 'small.wav');
    const s2 = createWavSink(small, { sampleRate: SR, bits: 16, riffDataLimit: 1_000_000 });
    await feed(s2, toneStereo(frames), 700);
    await s2.close();
    const b2 = fs.readFileSync(small);
    expect([b2.subarray(0, 4).toString('latin1'), b2.subarray(12, 16).toString('latin1')]).toEqual(['RIFF', 'JUNK']);
    expect(spawnSync('soxi', ['-s', small], { encoding: 'utf8' }).stdout.trim()).toBe(String(frames));
  });

  it('writes beside the final name: an earlier file stays until close, and abort keeps it', async () => {
    const file = path.join(dir, 'keep.wav');
    fs.writeFileSync(file, 'the good earlier export');
    const sink = createWavSink(file, { sampleRate: SR, bits: 16 });
    await feed(sink, toneStereo(5000), 1000);
    expect(fs.readFileSync(file, 'utf8')).toBe('the good earlier export');
    await sink.abort();
    expect(fs.readFileSync(file, 'utf8')).toBe('the good earlier export');
    expect(fs.readdirSync(dir).filter((f) => f.includes('keep.wav'))).toEqual(['keep.wav']);
    await expect(sink.write(new Float32Array(4), 2)).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('a disk that fails mid-write leaves the earlier file and no temporary', async () => {
    const file = path.join(dir, 'full.wav');
    fs.writeFileSync(file, 'earlier');
    const sink = createWavSink(file, { sampleRate: SR, bits: 16 });
    const spy = vi.spyOn(fs, 'write').mockImplementation(((...args: unknown[]) => {
      const cb = args.at(-1) as (err: NodeJS.ErrnoException) => void;
      process.nextTick(() => cb(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })));
    }) as typeof fs.write);
    try {
      // ~1.4 MB: the staging buffers are written (and fail) long before the end.
      await expect(feed(sink, toneStereo(8 * SR), 4096)).rejects.toMatchObject({ code: 'STORAGE', details: { code: 'ENOSPC' } });
      await expect(sink.close()).rejects.toMatchObject({ code: 'STORAGE' });
    } finally {
      spy.mockRestore();
    }
    expect(fs.readFileSync(file, 'utf8')).toBe('earlier');
    expect(fs.readdirSync(dir).filter((f) => f.includes('full.wav'))).toEqual(['full.wav']);
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
