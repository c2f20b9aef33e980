/**
 * The tests' one reader of the audio files Koru writes: WAV (16-bit PCM, also a capture still being
 * written, whose header sizes are not final yet) and MP3 (decoded with mpg123). Tests check what
 * they read; a file that is not what it claims to be throws, naming why.
 */
import { readFileSync } from 'node:fs';
import { MPEGDecoder } from 'mpg123-decoder';

export interface PcmAudio {
  sampleRate: number;
  channels: number;
  /** Interleaved samples in [-1, 1). */
  samples: Float32Array;
  /** One channel's samples. */
  channel(index: number): Float32Array;
}

function pcm(sampleRate: number, channels: number, samples: Float32Array): PcmAudio {
  return {
    sampleRate,
    channels,
    samples,
    channel(index) {
      const out = new Float32Array(Math.floor(samples.length / channels));
      for (let i = 0; i < out.length; i++) out[i] = samples[i * channels + index]!;
      return out;
    },
  };
}

/** A 16-bit PCM WAV by path or bytes. `capture`: a file still being written (ALSA's file plugin
 *  rewrites the header's sizes only when its stream closes), whose data runs to the end of the file. */
export function readWav(source: string | Uint8Array, { capture = false } = {}): PcmAudio {
  const buf = Buffer.from(typeof source === 'string' ? readFileSync(source) : source);
  if (buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') throw new Error('not a WAV file (no RIFF/WAVE header)');
  let at = 12;
  let fmt: { channels: number; sampleRate: number; bits: number } | null = null;
  while (at + 8 <= buf.length) {
    const id = buf.toString('ascii', at, at + 4);
    const size = buf.readUInt32LE(at + 4);
    if (id === 'fmt ') fmt = { channels: buf.readUInt16LE(at + 10), sampleRate: buf.readUInt32LE(at + 12), bits: buf.readUInt16LE(at + 22) };
    if (id === 'data') {
      if (!fmt || fmt.bits !== 16) throw new Error(`expected 16-bit PCM, found ${JSON.stringify(fmt)}`);
      const available = buf.length - at - 8;
      const length = capture || size > available ? available : size;
      const bytes = buf.subarray(at + 8, at + 8 + Math.floor(length / 2) * 2);
      const ints = new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
      return pcm(fmt.sampleRate, fmt.channels, Float32Array.from(ints, (x) => x / 32768));
    }
    at += 8 + size + (size % 2);
  }
  throw new Error('WAV file has no data chunk');
}

/** An MP3 by path or bytes, decoded whole; a frame mpg123 cannot decode fails the read. */
export async function readMp3(source: string | Uint8Array): Promise<PcmAudio & { left: Float32Array; right: Float32Array }> {
  const bytes = typeof source === 'string' ? readFileSync(source) : source;
  const decoder = new MPEGDecoder();
  await decoder.ready;
  try {
    const { channelData, samplesDecoded, sampleRate, errors } = decoder.decode(bytes);
    if (errors.length > 0) throw new Error(`MP3 decode errors: ${errors.map((e) => e.message).join('; ')}`);
    const left = channelData[0]!.slice(0, samplesDecoded);
    const right = (channelData[1] ?? channelData[0]!).slice(0, samplesDecoded);
    const samples = new Float32Array(samplesDecoded * 2);
    for (let i = 0; i < samplesDecoded; i++) {
      samples[2 * i] = left[i]!;
      samples[2 * i + 1] = right[i]!;
    }
    return { ...pcm(sampleRate, 2, samples), left, right };
  } finally {
    decoder.free();
  }
}
