import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeFixture, ENCODINGS, makeSpeechFixture, wav16, type SpeechFixture } from '../../test/dubbing-fixture';
import { decodeToFile } from './decode';
import { decodeInThread } from './decode-thread';

let dir: string;
let fx: SpeechFixture;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'koru-decode-'));
  fx = await makeSpeechFixture(dir);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Loudness every 20 ms of a mono signal. */
function envelope(x: Float32Array, rate: number): number[] {
  const hop = Math.round(rate * 0.02);
  const out: number[] = [];
  for (let i = 0; i + hop <= x.length; i += hop) {
    let s = 0;
    for (let k = i; k < i + hop; k++) s += x[k]! * x[k]!;
    out.push(Math.sqrt(s / hop));
  }
  return out;
}

function correlation(a: number[], b: number[]): number {
  const n = Math.min(a.length, b.length);
  const ma = a.slice(0, n).reduce((s, v) => s + v, 0) / n;
  const mb = b.slice(0, n).reduce((s, v) => s + v, 0) / n;
  let num = 0, da = 0, db = 0;
  for (let i = 0; i < n; i++) {
    num += (a[i]! - ma) * (b[i]! - mb);
    da += (a[i]! - ma) ** 2;
    db += (b[i]! - mb) ** 2;
  }
  return num / Math.sqrt(da * db);
}

/** The decoded file (headerless s16) → its first channel as Float32. */
function readPcm(path: string, channels: number): Float32Array {
  const b = readFileSync(path);
  const out = new Float32Array(b.length / 2 / channels);
  for (let i = 0; i < out.length; i++) out[i] = b.readInt16LE(i * channels * 2) / 32768;
  return out;
}

const originalLeft = () => Float32Array.from({ length: fx.frames }, (_, i) => fx.samples[2 * i]!);

describe('decoding every container and codec (wasm, no ffmpeg at run time)', () => {
  it.each(['speech.wav', ...Object.keys(ENCODINGS)])('%s decodes to the recording: same length, same speech in the same places', async (name) => {
    const file = name === 'speech.wav' ? fx.wav : encodeFixture(fx.wav, name);
    const out = join(dir, `${name}.pcm`);
    // One of them through the decode thread, as the app runs it.
    const d = name === 'speech.flac' ? await decodeInThread({ input: file, output: out, name }, new AbortController().signal) : await decodeToFile(file, out, { name });
    // Both channels carry the same signal; a codec may store that as one (mkv's vorbis here).
    expect([1, 2]).toContain(d.source.channels);
    expect(d.source.video).toBe(/mp4|webm|mkv/.test(name));
    expect(Math.abs(d.source.durationSec - fx.frames / fx.sampleRate)).toBeLessThan(0.08);
    const got = envelope(readPcm(out, d.source.channels), d.source.sampleRate);
    const want = envelope(originalLeft(), fx.sampleRate);
    expect(correlation(got, want)).toBeGreaterThan(0.97);
    expect(d.peaks.length).toBeGreaterThan(100);
  }, 30_000);
});

describe('bad input: clear typed errors, nothing left behind', () => {
  const refused = async (file: string, pattern: RegExp) => {
    const out = join(dir, 'refused.pcm');
    await expect(decodeToFile(file, out, { name: file.split('/').pop()! })).rejects.toMatchObject({ code: 'PARSE_ERROR', message: expect.stringMatching(pattern) });
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('refused'))).toEqual([]);
  };

  it('a text file is not audio', async () => {
    const f = join(dir, 'notes.mp3');
    writeFileSync(f, 'These are my notes, not a recording.\n'.repeat(50));
    await refused(f, /not an audio or video file Koru can read/);
  });

  it('a truncated WAV, MP3 and M4A', async () => {
    const wav = readFileSync(fx.wav);
    writeFileSync(join(dir, 'cut.wav'), wav.subarray(0, wav.length / 3));
    await refused(join(dir, 'cut.wav'), /truncated/);
    const mp3 = readFileSync(encodeFixture(fx.wav, 'speech.mp3'));
    writeFileSync(join(dir, 'cut.mp3'), mp3.subarray(0, mp3.length / 3));
    await refused(join(dir, 'cut.mp3'), /truncated/);
    const m4a = readFileSync(encodeFixture(fx.wav, 'speech.m4a'));
    writeFileSync(join(dir, 'cut.m4a'), m4a.subarray(0, m4a.length / 2));
    await refused(join(dir, 'cut.m4a'), /damaged or truncated|no audio/);
  });

  it('an unsupported codec is named', async () => {
    execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', fx.wav, '-c:a', 'mp2', join(dir, 'mp2.mkv')]);
    await refused(join(dir, 'mp2.mkv'), /MPEG-1 Layer II.*codec Koru does not decode/);
    execFileSync('sox', [fx.wav, '-r', '8000', '-c', '1', '-e', 'gsm-full-rate', join(dir, 'gsm.wav')]);
    await refused(join(dir, 'gsm.wav'), /GSM 6\.10, a codec Koru does not decode/);
  });

  it('silence only', async () => {
    writeFileSync(join(dir, 'quiet.wav'), wav16(new Float32Array(44_100 * 2), 44_100, 1));
    await refused(join(dir, 'quiet.wav'), /only silence/);
  });

  it('a file longer than the cap says the cap', async () => {
    await expect(decodeToFile(fx.wav, join(dir, 'long.pcm'), { name: 'speech.wav', maxSec: 2 })).rejects.toMatchObject({ message: expect.stringMatching(/longer than .* hours/) });
    expect(existsSync(join(dir, 'long.pcm'))).toBe(false);
  });
});
