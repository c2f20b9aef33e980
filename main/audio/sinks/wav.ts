/** Streaming WAV writer: a header with placeholder sizes first, blocks appended as they come,
 *  sizes patched on close. 16-bit is TPDF-dithered PCM; 32-bit is IEEE float, bit-exact. */
import { KoruError } from '../../../contract/errors';
import { CHANNELS, type Sink } from '../types';
import { createDither, floatToInt16, type Dither } from '../pcm';
import { orderedWrites, StagedFile, STAGE_BYTES } from './staged-file';

export interface WavSinkOptions {
  sampleRate: number;
  channels?: typeof CHANNELS;
  bits: 16 | 32;
  /** Dither seed, so two renders of the same session give identical files. */
  seed?: number;
  /** Largest data chunk accepted (for tests); capped at what a RIFF size field can describe. */
  maxDataBytes?: number;
}

export interface WavSink extends Sink {
  readonly path: string;
  readonly framesWritten: number;
}

const PCM = 1;
const IEEE_FLOAT = 3;

const headerBytesFor = (bits: 16 | 32) => (bits === 32 ? 58 : 44);

/** Most audio bytes a WAV can hold: RIFF sizes are uint32 and count everything after the
 *  first 8 bytes, so header + data − 8 ≤ 2³² − 1, in whole frames. */
export function wavDataLimit(bits: 16 | 32): number {
  const max = 0xffffffff - (headerBytesFor(bits) - 8);
  return max - (max % (CHANNELS * (bits / 8)));
}

/** Float WAV needs the 18-byte fmt chunk and a fact chunk (WAVE_FORMAT_IEEE_FLOAT rules). */
function header(sampleRate: number, bits: 16 | 32, dataBytes: number): Uint8Array {
  const float = bits === 32;
  const size = headerBytesFor(bits);
  const blockAlign = CHANNELS * (bits / 8);
  const h = new DataView(new ArrayBuffer(size));
  const tag = (at: number, s: string) => {
    for (let i = 0; i < 4; i++) h.setUint8(at + i, s.charCodeAt(i));
  };
  tag(0, 'RIFF');
  h.setUint32(4, size - 8 + dataBytes, true);
  tag(8, 'WAVE');
  tag(12, 'fmt ');
  h.setUint32(16, float ? 18 : 16, true);
  h.setUint16(20, float ? IEEE_FLOAT : PCM, true);
  h.setUint16(22, CHANNELS, true);
  h.setUint32(24, sampleRate, true);
  h.setUint32(28, sampleRate * blockAlign, true);
  h.setUint16(32, blockAlign, true);
  h.setUint16(34, bits, true);
  let at = 36;
  if (float) {
    h.setUint16(36, 0, true); // cbSize
    tag(38, 'fact');
    h.setUint32(42, 4, true);
    h.setUint32(46, dataBytes / blockAlign, true); // frames
    at = 50;
  }
  tag(at, 'data');
  h.setUint32(at + 4, dataBytes, true);
  return new Uint8Array(h.buffer);
}

function checkOptions(opts: WavSinkOptions): void {
  const { sampleRate, bits, channels = CHANNELS } = opts ?? ({} as WavSinkOptions);
  if (!Number.isInteger(sampleRate) || sampleRate < 8000 || sampleRate > 384_000) {
    throw new KoruError('BAD_INPUT', `Unsupported WAV sample rate: ${sampleRate}`);
  }
  if (bits !== 16 && bits !== 32) throw new KoruError('BAD_INPUT', `WAV bits must be 16 or 32`);
  if (channels !== CHANNELS) throw new KoruError('BAD_INPUT', `WAV output is stereo only`);
}

export function createWavSink(path: string, opts: WavSinkOptions): WavSink {
  checkOptions(opts);
  const { sampleRate, bits } = opts;
  const bytesPerSample = bits / 8;
  const blockAlign = CHANNELS * bytesPerSample;
  const maxData = Math.min(opts.maxDataBytes ?? Infinity, wavDataLimit(bits));
  const file = new StagedFile(path, header(sampleRate, bits, 0));
  const dither: Dither = createDither(opts.seed);
  const stageFrames = STAGE_BYTES / blockAlign;
  let frames = 0;

  /** Copy or convert straight into the staging buffer: no intermediate arrays. */
  async function append(block: Float32Array, count: number): Promise<void> {
    if ((frames + count) * blockAlign > maxData) {
      throw new KoruError('STORAGE', `${path} is full: a WAV file cannot pass 4 GB`, {
        path,
        maxDataBytes: maxData,
      });
    }
    let done = 0;
    while (done < count) {
      const n = Math.min(count - done, stageFrames);
      await file.reserve(n * blockAlign);
      const src = done === 0 ? block : block.subarray(done * CHANNELS);
      const at = file.fill / bytesPerSample; // stage fill is always a whole number of frames
      if (bits === 16) floatToInt16(src, n, CHANNELS, file.stage.int16, dither, at);
      else {
        const samples = n * CHANNELS;
        file.stage.float32.set(src.length === samples ? src : src.subarray(0, samples), at);
      }
      file.fill += n * blockAlign;
      frames += n;
      done += n;
    }
  }

  return {
    sampleRate,
    path,
    get framesWritten() {
      return frames;
    },
    ...orderedWrites(path, append, async () => {
      try {
        await file.patch(0, header(sampleRate, bits, frames * blockAlign));
      } finally {
        await file.close();
      }
    }),
  };
}
