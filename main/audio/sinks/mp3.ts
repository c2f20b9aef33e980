/** Streaming MP3 writer on LAME 3.100 compiled to wasm (wasm-media-encoders; CBR): blocks are
 *  split per ear into reused Float32 buffers, encoded, and the frames staged to disk; nothing
 *  accumulates. An optional ID3v2 tag (title, chapters: main/export) goes before the first
 *  frame. No dither here, unlike the 16-bit WAV: the codec's own noise is far above 1 LSB, and
 *  dither noise made LAME spend the full bit rate on digital silence (measured). */
import { KoruError } from '../../../contract/errors';
import { CHANNELS } from '../types';
import { orderedWrites, StagedFile, type FileSink, type FileTarget } from './staged-file';

export interface Mp3SinkOptions extends FileTarget {
  sampleRate: number;
  channels?: typeof CHANNELS;
  /** Constant bit rate (default 192). */
  kbps?: number;
  /** A complete ID3v2 tag, written before the audio. */
  id3?: Uint8Array;
}

export type Mp3Sink = FileSink;

/** Samples per channel in one MPEG-1 Layer III frame. */
export const MP3_FRAME_SAMPLES = 1152;

// Rates and bit rates each MPEG version allows (LAME picks MPEG-1 for 32–48 kHz, MPEG-2 below),
// less the two the wasm build does not accept (56 and 144 kbps).
const MPEG1_RATES = [32000, 44100, 48000] as const;
const MPEG2_RATES = [8000, 11025, 12000, 16000, 22050, 24000] as const;
const MPEG1_KBPS = [32, 40, 48, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320] as const;
const MPEG2_KBPS = [8, 16, 24, 32, 40, 48, 64, 80, 96, 112, 128, 160] as const;
type Mp3Rate = (typeof MPEG1_RATES)[number] | (typeof MPEG2_RATES)[number];
type Mp3Kbps = (typeof MPEG1_KBPS)[number] | (typeof MPEG2_KBPS)[number];

function checkOptions(sampleRate: number, kbps: number, channels: number): { rate: Mp3Rate; kbps: Mp3Kbps } {
  const mpeg1 = (MPEG1_RATES as readonly number[]).includes(sampleRate);
  if (!mpeg1 && !(MPEG2_RATES as readonly number[]).includes(sampleRate)) {
    throw new KoruError('BAD_INPUT', `MP3 cannot carry a ${sampleRate} Hz sample rate`, {
      allowed: [...MPEG2_RATES, ...MPEG1_RATES],
    });
  }
  const allowed: readonly number[] = mpeg1 ? MPEG1_KBPS : MPEG2_KBPS;
  if (!allowed.includes(kbps)) {
    throw new KoruError('BAD_INPUT', `MP3 at ${sampleRate} Hz cannot use ${kbps} kbps`, {
      allowed,
    });
  }
  if (channels !== CHANNELS) throw new KoruError('BAD_INPUT', 'MP3 output is stereo only');
  return { rate: sampleRate as Mp3Rate, kbps: kbps as Mp3Kbps };
}

/** LAME takes −1…1; NaN becomes silence and overs are clipped rather than wrapping. */
function clip(x: number): number {
  return x > 1 ? 1 : x < -1 ? -1 : x === x ? x : 0;
}

export async function createMp3Sink(path: string, opts: Mp3SinkOptions): Promise<Mp3Sink> {
  const { sampleRate, kbps = 192, channels = CHANNELS } = opts ?? ({} as Mp3SinkOptions);
  const checked = checkOptions(sampleRate, kbps, channels);
  // The encoder's wasm loads with the first MP3, not with every render.
  const { createMp3Encoder } = await import('wasm-media-encoders');
  const encoder = await createMp3Encoder();
  // The output rate is pinned: left alone, LAME resamples low bit rates down.
  encoder.configure({ sampleRate, channels: CHANNELS, bitrate: checked.kbps, outputSampleRate: checked.rate });
  const file = new StagedFile(path, opts.id3 ?? new Uint8Array(0), opts);
  let left = new Float32Array(0);
  let right = new Float32Array(0);
  let frames = 0;

  async function encode(block: Float32Array, count: number): Promise<void> {
    if (left.length < count) {
      left = new Float32Array(count);
      right = new Float32Array(count);
    }
    for (let i = 0; i < count; i++) {
      left[i] = clip(block[2 * i]!);
      right[i] = clip(block[2 * i + 1]!);
    }
    // The returned bytes live in the encoder's memory: staged (copied) before the next call.
    const out = encoder.encode([left.subarray(0, count), right.subarray(0, count)]);
    if (out.length > 0) await file.append(out);
    frames += count;
  }

  return {
    sampleRate,
    path,
    get framesWritten() {
      return frames;
    },
    ...orderedWrites(
      path,
      encode,
      async () => {
        try {
          await file.append(encoder.finalize());
        } catch (err) {
          await file.abort();
          throw err;
        }
        await file.close();
      },
      () => file.abort(),
    ),
  };
}
