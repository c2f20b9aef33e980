/**
 * The audio files sessions mix in, decoded once and kept as raw 16-bit stereo under the data
 * folder: `<id>-<rate>.s16`, the id a hash of the samples. The renderer streams them from disk
 * (never the whole file in memory), looping, and resamples to the output rate as it goes.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { KoruError } from '../../../../contract/errors';
import { AudioAssetId } from '../../../../contract/program';
import { decodeAudio } from './decode';

/** Largest file accepted for mixing in (a long ambience in MP3/Ogg is a few tens of MB). */
export const MAX_MIX_INPUT_BYTES = 64 * 1024 * 1024;

export interface StoredMixInput {
  asset: string;
  sampleRate: number;
  durationSec: number;
}

/** Decode `bytes` and store them in `folder`; the same audio twice is stored once. */
export async function storeMixInput(folder: string, file: string, bytes: Uint8Array): Promise<StoredMixInput> {
  if (bytes.length > MAX_MIX_INPUT_BYTES) {
    throw new KoruError('BAD_INPUT', `"${file}" is larger than ${MAX_MIX_INPUT_BYTES >> 20} MB; use a shorter or more compressed file.`);
  }
  const audio = await decodeAudio(file, bytes);
  const frames = audio.channels[0]!.length;
  const left = audio.channels[0]!;
  const right = audio.channels[1] ?? left;
  const pcm = new Int16Array(frames * 2);
  for (let i = 0; i < frames; i++) {
    pcm[2 * i] = toInt16(left[i]!);
    pcm[2 * i + 1] = toInt16(right[i]!);
  }
  const data = new Uint8Array(pcm.buffer);
  const asset = createHash('sha256').update(data).digest('hex').slice(0, 32);
  const target = fileOf(folder, asset, audio.sampleRate);
  if (!fs.existsSync(target)) {
    fs.mkdirSync(folder, { recursive: true });
    // Written under a temporary name and renamed: a reader never sees half a file.
    const tmp = `${target}.${randomBytes(4).toString('hex')}.tmp`;
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, target);
  }
  return { asset, sampleRate: audio.sampleRate, durationSec: frames / audio.sampleRate };
}

const toInt16 = (x: number) => Math.max(-32768, Math.min(32767, Math.round(x * 32767)));

function fileOf(folder: string, asset: string, rate: number): string {
  return path.join(folder, `${asset}-${rate}.s16`);
}

/** A stored input, read on demand. */
export interface MixSource {
  readonly sampleRate: number;
  readonly frames: number;
  /** Fill `out` (interleaved stereo, −1…1) with frames [start, start + n), wrapping at the end. */
  read(out: Float64Array, start: number, n: number): void;
  close(): void;
}

/** Open a stored input, or null (with nothing to play) when it is not here. The folder travels
 *  with what is rendered (RenderOptions.mixFolder): renderers run in other threads and processes. */
export function openMixSource(folder: string | undefined, asset: string | undefined): MixSource | null {
  if (!folder || !asset || !AudioAssetId.safeParse(asset).success) return null;
  let name: string | undefined;
  try {
    name = fs.readdirSync(folder).find((f) => f.startsWith(`${asset}-`) && f.endsWith('.s16'));
  } catch {
    return null;
  }
  const rate = name ? Number(name.slice(asset.length + 1, -4)) : NaN;
  if (!name || !Number.isInteger(rate)) return null;
  const fd = fs.openSync(path.join(folder, name), 'r');
  const frames = Math.floor(fs.fstatSync(fd).size / 4);
  if (frames === 0) {
    fs.closeSync(fd);
    return null;
  }
  const chunk = Buffer.alloc(4 * 4096);
  return {
    sampleRate: rate,
    frames,
    read(out, start, n) {
      let done = 0;
      let at = ((start % frames) + frames) % frames;
      while (done < n) {
        const take = Math.min(n - done, frames - at, 4096);
        fs.readSync(fd, chunk, 0, take * 4, at * 4);
        for (let i = 0; i < take * 2; i++) out[2 * done + i] = chunk.readInt16LE(2 * i) / 32768;
        done += take;
        at = (at + take) % frames;
      }
    },
    close() {
      fs.closeSync(fd);
    },
  };
}
