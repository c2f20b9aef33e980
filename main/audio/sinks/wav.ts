/** Streaming WAV writer: a header with placeholder sizes first, blocks appended as they come,
 *  sizes patched on close. 16-bit is TPDF-dithered PCM; 32-bit is IEEE float, bit-exact.
 *  Past 4 GB the file becomes RF64 (EBU Tech 3306): the header always reserves a `JUNK` chunk
 *  right after `WAVE`, which turns into `ds64` (64-bit sizes) when the data outgrows RIFF's
 *  32-bit fields; readers that know only RIFF skip JUNK, so a small file stays plain WAV. */
import { KoruError } from '../../../contract/errors';
import { CHANNELS } from '../types';
import { createDither, floatToInt16, type Dither } from '../pcm';
import { orderedWrites, StagedFile, STAGE_BYTES, type FileSink, type FileTarget } from './staged-file';

export interface WavSinkOptions extends FileTarget {
  sampleRate: number;
  channels?: typeof CHANNELS;
  bits: 16 | 32;
  /** Dither seed, so two renders of the same session give identical files. */
  seed?: number;
  /** Largest data chunk accepted, in bytes (default: no limit); tests use it to simulate a
   *  full disk. */
  maxDataBytes?: number;
  /** Data size above which the file is written as RF64 (default: what RIFF's 32-bit sizes can
   *  describe); tests lower it so an RF64 file takes kilobytes, not 4 GB. */
  riffDataLimit?: number;
}

export type WavSink = FileSink;

const PCM = 1;
const IEEE_FLOAT = 3;
const U32_MAX = 0xffffffff;
/** ds64 body: RIFF size, data size, sample count (64-bit each), table length (32-bit). */
const DS64_BODY = 28;

const headerBytesFor = (bits: 16 | 32) => 12 + (8 + DS64_BODY) + (bits === 32 ? 8 + 18 + 12 : 8 + 16) + 8;

/** Most audio bytes a plain RIFF WAV can hold: RIFF sizes are uint32 and count everything
 *  after the first 8 bytes, so header + data − 8 ≤ 2³² − 1, in whole frames. */
export function wavDataLimit(bits: 16 | 32): number {
  const max = U32_MAX - (headerBytesFor(bits) - 8);
  return max - (max % (CHANNELS * (bits / 8)));
}

/** The whole header for `dataBytes` of audio: RIFF with a JUNK reserve, or RF64 with ds64.
 *  Float WAV needs the 18-byte fmt chunk and a fact chunk (WAVE_FORMAT_IEEE_FLOAT rules). */
function header(sampleRate: number, bits: 16 | 32, dataBytes: number, rf64: boolean): Uint8Array {
  const float = bits === 32;
  const size = headerBytesFor(bits);
  const blockAlign = CHANNELS * (bits / 8);
  const frames = dataBytes / blockAlign;
  const riffSize = size - 8 + dataBytes;
  const h = new DataView(new ArrayBuffer(size));
  const tag = (at: number, s: string) => {
    for (let i = 0; i < 4; i++) h.setUint8(at + i, s.charCodeAt(i));
  };
  const u64 = (at: number, v: number) => {
    h.setUint32(at, v % 2 ** 32, true);
    h.setUint32(at + 4, Math.floor(v / 2 ** 32), true);
  };
  tag(0, rf64 ? 'RF64' : 'RIFF');
  h.setUint32(4, rf64 ? U32_MAX : riffSize, true);
  tag(8, 'WAVE');
  tag(12, rf64 ? 'ds64' : 'JUNK');
  h.setUint32(16, DS64_BODY, true);
  if (rf64) {
    u64(20, riffSize);
    u64(28, dataBytes);
    u64(36, frames);
    h.setUint32(44, 0, true); // no table entries
  }
  let at = 20 + DS64_BODY;
  tag(at, 'fmt ');
  h.setUint32(at + 4, float ? 18 : 16, true);
  h.setUint16(at + 8, float ? IEEE_FLOAT : PCM, true);
  h.setUint16(at + 10, CHANNELS, true);
  h.setUint32(at + 12, sampleRate, true);
  h.setUint32(at + 16, sampleRate * blockAlign, true);
  h.setUint16(at + 20, blockAlign, true);
  h.setUint16(at + 22, bits, true);
  at += 24;
  if (float) {
    h.setUint16(at, 0, true); // cbSize
    tag(at + 2, 'fact');
    h.setUint32(at + 6, 4, true);
    h.setUint32(at + 10, rf64 ? U32_MAX : frames, true);
    at += 14;
  }
  tag(at, 'data');
  h.setUint32(at + 4, rf64 ? U32_MAX : dataBytes, true);
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
  const maxData = opts.maxDataBytes ?? Infinity;
  const riffLimit = Math.min(opts.riffDataLimit ?? Infinity, wavDataLimit(bits));
  const file = new StagedFile(path, header(sampleRate, bits, 0, false), opts);
  const dither: Dither = createDither(opts.seed);
  const stageFrames = STAGE_BYTES / blockAlign;
  let frames = 0;

  /** Copy or convert straight into the staging buffer: no intermediate arrays. */
  async function append(block: Float32Array, count: number): Promise<void> {
    if ((frames + count) * blockAlign > maxData) {
      throw new KoruError('STORAGE', `There is no room for more audio in ${path}: it may hold ${maxData} bytes.`, {
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
    ...orderedWrites(
      path,
      append,
      async () => {
        const bytes = frames * blockAlign;
        try {
          await file.patch(0, header(sampleRate, bits, bytes, bytes > riffLimit));
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
