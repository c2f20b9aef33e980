/**
 * The dubbing tests' recording: eSpeak-NG (Koru's offline voice, the wasm build) speaking known
 * sentences at known times with known pauses, over a steady tone standing in for background
 * music, as a 44.1 kHz stereo WAV; and the same recording in every container and codec Koru
 * decodes, made with Debian's ffmpeg. The speech starts and ends are measured on the voice before
 * mixing, so tests know where every line truly is.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createOfflineSpeech } from '../main/providers';
import { resample } from '../main/audio';

export const FIXTURE_LINES = ['Welcome to the lesson.', 'Today we breathe slowly.', 'Let the shoulders soften.'];
export const FIXTURE_RATE = 44_100;
export const TONE_HZ = 4400;
export const TONE_AMP = 0.03;

export interface SpeechFixture {
  wav: string;
  sampleRate: number;
  frames: number;
  /** Where each line's speech begins and ends, seconds. */
  lines: Array<{ start: number; end: number; text: string }>;
  /** Interleaved stereo, as written. */
  samples: Float32Array;
}

/** First and last sample above −40 dBFS (the speech, without the voice's own lead and tail). */
export function speechBounds(x: Float32Array, threshold = 0.01): [number, number] {
  let a = 0;
  while (a < x.length && Math.abs(x[a]!) < threshold) a++;
  let b = x.length;
  while (b > a && Math.abs(x[b - 1]!) < threshold) b--;
  return [a, b];
}

export async function makeSpeechFixture(dir: string, o: { leadSec?: number; pauseSec?: number; lines?: string[] } = {}): Promise<SpeechFixture> {
  const texts = o.lines ?? FIXTURE_LINES;
  const voice = createOfflineSpeech();
  const spoken: Float32Array[] = [];
  // A long recording repeats its sentences: each is voiced once.
  const voiced = new Map<string, Float32Array>();
  try {
    for (const text of texts) {
      let x = voiced.get(text);
      if (!x) {
        const a = await voice.speak({ text, voice: 'en-gb' });
        const y = resample(a.samples, a.sampleRate, FIXTURE_RATE);
        const [s, e] = speechBounds(y);
        x = y.subarray(s, e);
        voiced.set(text, x);
      }
      spoken.push(x);
    }
  } finally {
    await voice.close();
  }
  const lead = o.leadSec ?? 0.6;
  const pause = o.pauseSec ?? 0.9;
  const lines: SpeechFixture['lines'] = [];
  let t = lead;
  spoken.forEach((x, i) => {
    lines.push({ start: t, end: t + x.length / FIXTURE_RATE, text: texts[i]! });
    t += x.length / FIXTURE_RATE + pause;
  });
  const frames = Math.round((t + 0.4) * FIXTURE_RATE);
  const samples = new Float32Array(frames * 2);
  for (let i = 0; i < frames; i++) {
    const tone = TONE_AMP * Math.sin((2 * Math.PI * TONE_HZ * i) / FIXTURE_RATE);
    samples[2 * i] = tone;
    samples[2 * i + 1] = tone;
  }
  spoken.forEach((x, k) => {
    const at = Math.round(lines[k]!.start * FIXTURE_RATE);
    let peak = 0;
    for (const v of x) peak = Math.max(peak, Math.abs(v));
    const g = 0.6 / peak;
    for (let i = 0; i < x.length; i++) {
      samples[2 * (at + i)]! += x[i]! * g;
      samples[2 * (at + i) + 1]! += x[i]! * g;
    }
  });
  const wav = join(dir, 'speech.wav');
  writeFileSync(wav, wav16(samples, FIXTURE_RATE, 2));
  return { wav, sampleRate: FIXTURE_RATE, frames, lines, samples };
}

export function wav16(interleaved: Float32Array, rate: number, channels: number): Buffer {
  const data = Buffer.alloc(interleaved.length * 2);
  for (let i = 0; i < interleaved.length; i++) data.writeInt16LE(Math.round(Math.max(-1, Math.min(1, interleaved[i]!)) * 32767), i * 2);
  const h = Buffer.alloc(44);
  h.write('RIFF', 0);
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVEfmt ', 8);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(channels, 22);
  h.writeUInt32LE(rate, 24);
  h.writeUInt32LE(rate * channels * 2, 28);
  h.writeUInt16LE(channels * 2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36);
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}

/** Every container/codec the dubbing studio decodes, by file name: ffmpeg arguments. */
export const ENCODINGS: Record<string, string[]> = {
  'speech.mp3': ['-c:a', 'libmp3lame', '-b:a', '128k'],
  'speech.ogg': ['-c:a', 'libvorbis', '-q:a', '4'],
  'speech.opus': ['-c:a', 'libopus', '-b:a', '96k'],
  'speech.flac': ['-c:a', 'flac'],
  'speech.m4a': ['-c:a', 'aac', '-b:a', '128k'],
  'speech.mp4': ['VIDEO', '-c:v', 'mpeg4', '-c:a', 'aac', '-b:a', '128k'],
  'speech.webm': ['VIDEO', '-c:v', 'libvpx', '-b:v', '50k', '-c:a', 'libopus', '-b:a', '96k'],
  'speech.mkv': ['VIDEO', '-c:v', 'mpeg4', '-c:a', 'libvorbis'],
};

/** The fixture in `name`'s format (see ENCODINGS), beside it; video ones get a small black picture. */
export function encodeFixture(wav: string, name: string): string {
  const args = ENCODINGS[name];
  if (!args) throw new Error(`no encoding for ${name}`);
  const out = join(wav, '..', name);
  const video = args[0] === 'VIDEO';
  const input = video ? ['-f', 'lavfi', '-i', 'color=c=black:s=32x32:r=5', '-i', wav, '-shortest'] : ['-i', wav];
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', ...input, ...(video ? args.slice(1) : args), out]);
  return out;
}
