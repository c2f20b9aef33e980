/** Streaming MP3 writer on lamejs (pure JS, CBR): blocks are rounded to int16, split per ear,
 *  encoded a frame (1152 samples) at a time and staged to disk; nothing accumulates.
 *  No dither here, unlike the 16-bit WAV: the codec's own noise is far above 1 LSB, and
 *  dither noise made LAME spend the full bit rate on digital silence (measured). */
import { Mp3Encoder } from '@breezystack/lamejs';
import { KoruError } from '../../../contract/errors';
import { CHANNELS, type Sink } from '../types';
import { orderedWrites, StagedFile } from './staged-file';

export interface Mp3SinkOptions {
  sampleRate: number;
  channels?: typeof CHANNELS;
  /** Constant bit rate (default 192). */
  kbps?: number;
}

export interface Mp3Sink extends Sink {
  readonly path: string;
  readonly framesWritten: number;
}

/** Samples per channel in one MPEG-1 Layer III frame. */
export const MP3_FRAME_SAMPLES = 1152;

// Bit rates each MPEG version allows (LAME picks MPEG-1 for 32–48 kHz, MPEG-2/2.5 below).
const MPEG1_RATES = [32000, 44100, 48000];
const MPEG2_RATES = [8000, 11025, 12000, 16000, 22050, 24000];
const MPEG1_KBPS = [32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const MPEG2_KBPS = [8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];

function checkOptions(sampleRate: number, kbps: number, channels: number): void {
  const mpeg1 = MPEG1_RATES.includes(sampleRate);
  if (!mpeg1 && !MPEG2_RATES.includes(sampleRate)) {
    throw new KoruError('BAD_INPUT', `MP3 cannot carry a ${sampleRate} Hz sample rate`, {
      allowed: [...MPEG2_RATES, ...MPEG1_RATES],
    });
  }
  const allowed = mpeg1 ? MPEG1_KBPS : MPEG2_KBPS;
  if (!allowed.includes(kbps)) {
    throw new KoruError('BAD_INPUT', `MP3 at ${sampleRate} Hz cannot use ${kbps} kbps`, {
      allowed,
    });
  }
  if (channels !== CHANNELS) throw new KoruError('BAD_INPUT', 'MP3 output is stereo only');
}

/** Round to nearest and clip; NaN becomes 0 (the Int16Array store turns NaN into 0). */
function toInt16(x: number): number {
  const v = Math.round(x * 32768);
  return v > 32767 ? 32767 : v < -32768 ? -32768 : v;
}

/** lamejs hands back an Int8Array; the file wants the same bytes unsigned. */
function bytesOf(chunk: Int8Array | Uint8Array): Uint8Array {
  return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length);
}

export function createMp3Sink(path: string, opts: Mp3SinkOptions): Mp3Sink {
  const { sampleRate, kbps = 192, channels = CHANNELS } = opts ?? ({} as Mp3SinkOptions);
  checkOptions(sampleRate, kbps, channels);
  const file = new StagedFile(path);
  const encoder = new Mp3Encoder(CHANNELS, sampleRate, kbps);
  const left = new Int16Array(MP3_FRAME_SAMPLES);
  const right = new Int16Array(MP3_FRAME_SAMPLES);
  let pending = 0; // samples per ear waiting in left/right
  let frames = 0;

  async function encode(block: Float32Array, count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      left[pending] = toInt16(block[2 * i]!);
      right[pending] = toInt16(block[2 * i + 1]!);
      if (++pending === MP3_FRAME_SAMPLES) {
        pending = 0;
        const out = encoder.encodeBuffer(left, right);
        if (out.length > 0) await file.append(bytesOf(out));
      }
    }
    frames += count;
  }

  return {
    sampleRate,
    path,
    get framesWritten() {
      return frames;
    },
    ...orderedWrites(path, encode, async () => {
      try {
        if (pending > 0) {
          await file.append(bytesOf(encoder.encodeBuffer(left.subarray(0, pending), right.subarray(0, pending))));
          pending = 0;
        }
        await file.append(bytesOf(encoder.flush()));
      } finally {
        await file.close();
      }
    }),
  };
}
