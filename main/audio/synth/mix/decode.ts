/** Decode an audio file a schedule mixes in (SBaGen's `-m`): WAV, MP3, Ogg Vorbis or FLAC. */
import { KoruError } from '../../../../contract/errors';

export interface DecodedAudio {
  sampleRate: number;
  /** One array per channel (mono or more). */
  channels: Float32Array[];
}

type Format = 'wav' | 'mp3' | 'ogg' | 'flac';

/** The format from the file's first bytes (names lie; SBaGen itself went by the extension). */
export function sniffFormat(bytes: Uint8Array): Format | null {
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WAVE') return 'wav';
  if (ascii(0, 4) === 'OggS') return 'ogg';
  if (ascii(0, 4) === 'fLaC') return 'flac';
  if (ascii(0, 3) === 'ID3' || (bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0)) return 'mp3';
  return null;
}

function refuse(file: string, why: string): never {
  throw new KoruError('BAD_INPUT', `Koru could not read "${file}" as audio: ${why}. Use a WAV, MP3, Ogg Vorbis or FLAC file.`);
}

export async function decodeAudio(file: string, bytes: Uint8Array): Promise<DecodedAudio> {
  const format = sniffFormat(bytes);
  if (!format) refuse(file, 'its format is not one Koru knows');
  let out: DecodedAudio;
  try {
    out = await decodeAs(format, bytes);
  } catch (e) {
    if (e instanceof KoruError) throw e;
    refuse(file, `the ${format.toUpperCase()} data is damaged (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!out.channels.length || !out.channels[0]!.length || !(out.sampleRate >= 8000 && out.sampleRate <= 384000)) {
    refuse(file, 'it holds no audio');
  }
  return out;
}

async function decodeAs(format: Format, bytes: Uint8Array): Promise<DecodedAudio> {
  switch (format) {
    case 'wav': {
      const { WaveFile } = await import('wavefile');
      const wav = new WaveFile(bytes);
      wav.toBitDepth('32f');
      const fmt = wav.fmt as { sampleRate: number; numChannels: number };
      const samples = wav.getSamples(false, Float32Array) as unknown as Float32Array[] | Float32Array;
      const channels = Array.isArray(samples) ? samples.map((c) => Float32Array.from(c)) : [Float32Array.from(samples)];
      return { sampleRate: fmt.sampleRate, channels };
    }
    case 'mp3': {
      const { MPEGDecoder } = await import('mpg123-decoder');
      const d = new MPEGDecoder();
      await d.ready;
      try {
        const r = d.decode(bytes);
        return { sampleRate: r.sampleRate, channels: r.channelData };
      } finally {
        d.free();
      }
    }
    case 'ogg': {
      const { OggVorbisDecoder } = await import('@wasm-audio-decoders/ogg-vorbis');
      const d = new OggVorbisDecoder();
      await d.ready;
      try {
        const r = await d.decodeFile(bytes);
        return { sampleRate: r.sampleRate, channels: r.channelData };
      } finally {
        d.free();
      }
    }
    case 'flac': {
      const { FLACDecoder } = await import('@wasm-audio-decoders/flac');
      const d = new FLACDecoder();
      await d.ready;
      try {
        const r = await d.decodeFile(bytes);
        return { sampleRate: r.sampleRate, channels: r.channelData };
      } finally {
        d.free();
      }
    }
  }
}
