/** Decoding the file to dub, in wasm (audio-decode: no ffmpeg): the container is told from its
 *  first bytes, the file is read as a stream and decoded chunk by chunk into a headerless 16-bit
 *  file (mono or stereo, the source's rate) that playback, transcription and the mix read back in
 *  blocks, so a long file never sits in memory. Refusals name what is wrong: not audio, a format
 *  or codec Koru does not decode, a truncated file, silence only, longer than the cap. */
import { endianness } from 'node:os';
import { createReadStream, openSync, readSync, closeSync, statSync, writeSync } from 'node:fs';
import decodeAudio from 'audio-decode';
import audioType from 'audio-type';
import { KoruError } from '../../contract/errors';
import { DUB_MAX_SOURCE_SEC, DUB_PEAKS, type DubSource } from '../../contract/dubbing';
import { openAtomicFile } from '../storage';

/** The containers Koru accepts (audio-type's names) and how people call them. */
const FORMATS: Readonly<Record<string, string>> = {
  wav: 'WAV',
  mp3: 'MP3',
  oga: 'Ogg Vorbis',
  opus: 'Ogg Opus',
  flac: 'FLAC',
  m4a: 'MP4/M4A (AAC or ALAC)',
  webm: 'WebM',
  mkv: 'Matroska (MKV)',
};
const OTHER_FORMATS: Readonly<Record<string, string>> = {
  aiff: 'AIFF', caf: 'Core Audio (CAF)', wma: 'Windows Media Audio', amr: 'AMR', qoa: 'QOA', aac: 'raw AAC (ADTS)', ac3: 'AC-3', dts: 'DTS', mid: 'MIDI',
};
/** WAV format tags audio-decode does not read, by name (its error gives only the number). */
const WAV_CODECS: Readonly<Record<number, string>> = { 0x31: 'GSM 6.10', 0x32: 'MSN Audio', 0x40: 'G.721 ADPCM', 0x50: 'MPEG', 0x55: 'MP3', 0x64: 'G.726 ADPCM', 0x65: 'G.722 ADPCM', 0x11: 'IMA ADPCM', 0x161: 'Windows Media Audio', 0x2000: 'AC-3', 0x2001: 'DTS' };
const VIDEO_NAME = /\.(mp4|m4v|mov|webm|mkv)$/i;

export const SUPPORTED_WORDS = 'WAV, MP3, Ogg (Vorbis, Opus), FLAC, M4A/AAC, or the audio of an MP4, WebM or MKV video';
/** Below this RMS (about −60 dBFS) a recording counts as silence. */
const SILENCE_RMS = 0.001;

export interface DecodeOptions {
  /** The name shown in messages and stored with the dub. */
  name: string;
  maxSec?: number;
  onProgress?: (fraction: number) => void;
  cancelled?: () => boolean;
}

export interface Decoded {
  source: DubSource;
  /** DUB_PEAKS pairs [min, max], flattened. */
  peaks: number[];
}

if (endianness() !== 'LE') throw new Error('Koru decodes to little-endian 16-bit files and runs on little-endian machines only');

function bad(name: string, why: string): KoruError {
  return new KoruError('PARSE_ERROR', `Koru could not use "${name}": ${why}.`, { file: name });
}

function head(path: string, n: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(n);
    const got = readSync(fd, b, 0, n, 0);
    return b.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/** Frames the header promises, where the format says (WAV data size, FLAC STREAMINFO, an MP3's
 *  Xing/Info frame count); null where it does not. Used to tell a truncated file. */
export function declaredFrames(format: string, bytes: Buffer, fileBytes: number): { frames: number; exact: boolean } | null {
  if (format === 'wav') {
    let at = 12;
    let blockAlign = 0;
    while (at + 8 <= bytes.length) {
      const id = bytes.toString('ascii', at, at + 4);
      const size = bytes.readUInt32LE(at + 4);
      if (id === 'fmt ') blockAlign = bytes.readUInt16LE(at + 20);
      if (id === 'data') {
        if (!blockAlign || size === 0 || size === 0xffffffff) return null;
        // The data the header promises runs past the end of the file: cut short.
        return { frames: Math.floor(size / blockAlign), exact: true, ...(at + 8 + size > fileBytes ? { short: true } : {}) };
      }
      at += 8 + size + (size & 1);
    }
    return null;
  }
  if (format === 'flac' && bytes.length >= 26) {
    const hi = bytes[21]! & 0x0f;
    const total = hi * 2 ** 32 + bytes.readUInt32BE(22);
    return total > 0 ? { frames: total, exact: true } : null;
  }
  if (format === 'mp3') {
    let at = 0;
    if (bytes.toString('ascii', 0, 3) === 'ID3') {
      const size = ((bytes[6]! & 0x7f) << 21) | ((bytes[7]! & 0x7f) << 14) | ((bytes[8]! & 0x7f) << 7) | (bytes[9]! & 0x7f);
      at = 10 + size;
    }
    while (at + 4 < bytes.length && !(bytes[at] === 0xff && (bytes[at + 1]! & 0xe0) === 0xe0)) at++;
    const frameHead = bytes.subarray(at, at + 200);
    for (const tag of ['Xing', 'Info']) {
      const i = frameHead.indexOf(tag);
      if (i < 0 || i + 12 > frameHead.length) continue;
      const flags = frameHead.readUInt32BE(i + 4);
      if (!(flags & 1)) return null;
      const mpeg1 = ((bytes[at + 1]! >> 3) & 3) === 3;
      // The Info frame itself is not counted; decoders drop encoder delay, so the count is a ceiling.
      return { frames: frameHead.readUInt32BE(i + 8) * (mpeg1 ? 1152 : 576), exact: false };
    }
  }
  return null;
}

function wavCodec(bytes: Buffer): string | null {
  const at = bytes.indexOf('fmt ');
  if (at < 0 || at + 10 > bytes.length) return null;
  const tag = bytes.readUInt16LE(at + 8);
  return tag === 1 || tag === 3 || tag === 0xfffe ? null : (WAV_CODECS[tag] ?? `format 0x${tag.toString(16)}`);
}

export async function decodeToFile(input: string, output: string, o: DecodeOptions): Promise<Decoded> {
  const name = o.name;
  const maxSec = o.maxSec ?? DUB_MAX_SOURCE_SEC;
  let fileBytes: number;
  try {
    fileBytes = statSync(input).size;
  } catch {
    throw new KoruError('NOT_FOUND', `"${name}" is no longer there; choose it again.`);
  }
  const first = head(input, 256 * 1024);
  if (first.length === 0) throw bad(name, 'the file is empty');
  const type = audioType(first);
  if (!type) throw bad(name, `it is not an audio or video file Koru can read (use ${SUPPORTED_WORDS})`);
  const formatName = FORMATS[type];
  if (!formatName) throw bad(name, `${OTHER_FORMATS[type] ?? type.toUpperCase()} files are not among the formats Koru decodes (use ${SUPPORTED_WORDS})`);
  if (type === 'wav') {
    const codec = wavCodec(first);
    if (codec && /GSM|MSN|G\.72|MPEG|MP3|Windows|AC-3|DTS|format/.test(codec)) throw bad(name, `its audio is ${codec}, a codec Koru does not decode`);
  }
  const declared = declaredFrames(type, first, fileBytes);
  if (declared && 'short' in declared) throw bad(name, 'the file is truncated (its header promises more audio than the file holds)');

  const out = openAtomicFile(output);
  const level: Level = { sumSq: 0, hopFrames: 0, hop: 0, min: 1, max: -1, fine: [] };
  let sampleRate = 0;
  let channels = 0;
  let frames = 0;
  let readBytes = 0;
  // One buffer for the 16-bit output, grown when a chunk is larger than any before. An
  // Int16Array is little-endian here: Koru runs on x64 and arm64 only (checked at load).
  let pcm = new Int16Array(0);
  // WebM/MKV in small reads: @audio/decode-webm 1.6.1 joins the frames of a read one by one
  // (quadratic) when the read holds a DiscardPadding block, as ffmpeg writes at the end of Opus
  // tracks; a 2-minute file read whole took ten minutes, in 64 kB reads it takes a second.
  // Other formats in 256 kB reads: a read of MP3 is ~16 s of audio, whose decoded floats (and
  // the decoder's wasm heap holding them) are what the decode's memory is made of.
  const stream = createReadStream(input, { highWaterMark: type === 'webm' || type === 'mkv' ? 64 * 1024 : 256 * 1024 });
  async function* counted(): AsyncGenerator<Uint8Array> {
    for await (const c of stream as AsyncIterable<Buffer>) {
      readBytes += c.length;
      yield c;
    }
  }
  try {
    let chunks: AsyncIterable<{ channelData: Float32Array[]; sampleRate: number }>;
    try {
      chunks = decodeAudio(counted(), type as never);
    } catch (err) {
      throw bad(name, `the ${formatName} data could not be decoded (${(err as Error).message})`);
    }
    const iterator = chunks[Symbol.asyncIterator]();
    for (;;) {
      let step;
      try {
        step = await iterator.next();
      } catch (err) {
        const why = (err as Error).message;
        if (/unsupported|codec/i.test(why)) throw bad(name, `${why.replace(/^Unsupported WebM codec: /, 'its audio is ')} — a codec Koru does not decode`);
        throw bad(name, `the ${formatName} data is damaged or truncated (${why})`);
      }
      if (step.done) break;
      if (o.cancelled?.()) throw new KoruError('CONFLICT', 'cancelled', { cancelled: true });
      const { channelData, sampleRate: rate } = step.value;
      const n = channelData[0]?.length ?? 0;
      if (n === 0) continue;
      if (!sampleRate) {
        if (!(rate >= 8000 && rate <= 384_000)) throw bad(name, `its sample rate ${rate} Hz is outside 8–384 kHz`);
        sampleRate = rate;
        channels = Math.min(2, channelData.length);
        level.hopFrames = Math.max(1, Math.round(sampleRate * 0.02));
      }
      if (rate !== sampleRate) throw bad(name, 'its sample rate changes part-way through');
      if ((frames + n) / sampleRate > maxSec) {
        throw bad(name, `it is longer than ${maxSec / 3600} hours, the longest Koru dubs (split it first)`);
      }
      const left = channelData[0]!;
      const right = channelData.length > 1 ? channelData[1]! : left;
      const extra = channelData.slice(2);
      if (pcm.length < n * channels) pcm = new Int16Array(n * channels);
      toPcm16(left, right, extra, n, channels, pcm, level);
      writeSync(out.fd, pcm, 0, n * channels * 2);
      frames += n;
      o.onProgress?.(Math.min(0.99, readBytes / fileBytes));
    }
    if (frames === 0) throw bad(name, 'it holds no audio (is it truncated?)');
    if (declared && frames < declared.frames * (declared.exact ? 0.999 : 0.95) - 2 * 1152) {
      throw bad(name, `the file is truncated (${(frames / sampleRate).toFixed(1)} s of the ${(declared.frames / sampleRate).toFixed(1)} s its header announces)`);
    }
    if (Math.sqrt(level.sumSq / frames) < SILENCE_RMS) throw bad(name, 'it holds only silence, so there is nothing to dub');
    await out.commit();
  } catch (err) {
    stream.destroy();
    await out.discard();
    throw err;
  }
  if (level.hop > 0) level.fine.push(level.min, level.max);
  return {
    source: { name, format: formatName, video: VIDEO_NAME.test(name) || type === 'webm' || type === 'mkv', sampleRate, channels, frames, durationSec: frames / sampleRate },
    peaks: reducePeaks(level.fine, DUB_PEAKS),
  };
}

/** Loudness and the waveform's min/max per 20 ms hop, gathered while decoding. */
interface Level {
  sumSq: number;
  hopFrames: number;
  /** Frames in the current hop, and its extremes. */
  hop: number;
  min: number;
  max: number;
  fine: number[];
}

/** One decoded chunk → 16-bit frames in `pcm` (a third channel and beyond folded into both
 *  sides), with the level updated. Locals in the loop: this runs for every frame of the file. */
function toPcm16(left: Float32Array, right: Float32Array, extra: Float32Array[], n: number, channels: number, pcm: Int16Array, level: Level): void {
  let { sumSq, hop, min, max } = level;
  const hopFrames = level.hopFrames;
  for (let i = 0; i < n; i++) {
    let l = left[i]!;
    let r = right[i]!;
    if (extra.length) {
      let e = 0;
      for (const x of extra) e += x[i]!;
      e /= extra.length;
      l = (l + e) / 2;
      r = (r + e) / 2;
    }
    const m = channels === 1 ? l : (l + r) / 2;
    sumSq += m * m;
    if (m < min) min = m;
    if (m > max) max = m;
    if (++hop === hopFrames) {
      level.fine.push(min, max);
      hop = 0;
      min = 1;
      max = -1;
    }
    pcm[i * channels] = Math.round((l > 1 ? 1 : l < -1 ? -1 : l) * 32767);
    if (channels === 2) pcm[i * 2 + 1] = Math.round((r > 1 ? 1 : r < -1 ? -1 : r) * 32767);
  }
  Object.assign(level, { sumSq, hop, min, max });
}

/** min/max pairs → `count` pairs (each the extremes of the pairs it covers). */
export function reducePeaks(fine: number[], count: number): number[] {
  const pairs = fine.length / 2;
  if (pairs <= count) return fine.map((v) => Math.round(v * 1000) / 1000);
  const out: number[] = [];
  for (let k = 0; k < count; k++) {
    const a = Math.floor((k * pairs) / count);
    const b = Math.max(a + 1, Math.floor(((k + 1) * pairs) / count));
    let min = 1;
    let max = -1;
    for (let i = a; i < b; i++) {
      min = Math.min(min, fine[2 * i]!);
      max = Math.max(max, fine[2 * i + 1]!);
    }
    out.push(Math.round(min * 1000) / 1000, Math.round(max * 1000) / 1000);
  }
  return out;
}
