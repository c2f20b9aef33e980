import { MPEGDecoder } from 'mpg123-decoder';
import wavefile from 'wavefile';

// wavefile ships a UMD bundle: Node's ESM loader sees only a default export (tsx and the CLI run
// as ESM), so take the class off it rather than importing it by name.
const { WaveFile } = wavefile;
import type { ProviderId, SpeechAudio } from './types';
import { PROVIDER_NAMES, ProviderError } from './errors';

/** Every reply becomes mono Float32 here, whatever the vendor sent (pcm, L16, MP3, WAV). */

/** Raw signed 16-bit little-endian mono PCM → Float32 in [-1, 1). A trailing odd byte is dropped. */
export function s16leToFloat32(bytes: Uint8Array): Float32Array {
  const n = bytes.length >> 1;
  const view = new DataView(bytes.buffer, bytes.byteOffset, n * 2);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = view.getInt16(i * 2, true) / 32768;
  return out;
}

/** Gemini's `audio/L16;codec=pcm;rate=24000` inline data (little-endian despite the name). */
export function parseL16(base64: string, mimeType: string | undefined): SpeechAudio {
  const rate = /rate=(\d+)/i.exec(mimeType ?? '')?.[1];
  const bytes = Buffer.from(base64, 'base64');
  return { samples: s16leToFloat32(bytes), sampleRate: rate ? Number(rate) : 24_000 };
}

function mixToMono(channels: Float32Array[], length: number): Float32Array {
  if (channels.length === 1) return channels[0]!.subarray(0, length);
  const out = new Float32Array(length);
  for (const ch of channels) for (let i = 0; i < length; i++) out[i]! += ch[i]! / channels.length;
  return out;
}

/** MP3 bytes → mono Float32 via the wasm mpg123 decoder (no ffmpeg). */
export async function decodeMp3(bytes: Uint8Array): Promise<SpeechAudio> {
  const decoder = new MPEGDecoder();
  await decoder.ready;
  try {
    const { channelData, samplesDecoded, sampleRate } = decoder.decode(bytes);
    return { samples: mixToMono(channelData, samplesDecoded), sampleRate };
  } finally {
    decoder.free();
  }
}

/** A WAV file (espeak's output) → mono Float32 at its own rate. */
export function decodeWav(bytes: Uint8Array): SpeechAudio {
  const wav = new WaveFile(bytes);
  wav.toBitDepth('32f');
  const fmt = wav.fmt as { sampleRate: number; numChannels: number };
  const raw = wav.getSamples(false, Float64Array) as unknown as Float64Array | Float64Array[];
  const channels = (Array.isArray(raw) ? raw : [raw]).map((c) => Float32Array.from(c));
  return { samples: mixToMono(channels, channels[0]?.length ?? 0), sampleRate: fmt.sampleRate };
}

/** Mono Float32 → a 16-bit PCM WAV file (clipped, not wrapped, beyond ±1). */
export function encodeWav16({ samples, sampleRate }: SpeechAudio): Uint8Array {
  // Written directly: wavefile's fromScratch (and Int16Array.from with a mapper) took ~2.5 s for
  // the 4 M samples of one transcription upload; this loop takes ~70 ms.
  const n = samples.length;
  const out = new Uint8Array(44 + n * 2);
  const v = new DataView(out.buffer);
  const tag = (at: number, s: string) => {
    for (let i = 0; i < 4; i++) v.setUint8(at + i, s.charCodeAt(i));
  };
  tag(0, 'RIFF');
  v.setUint32(4, 36 + n * 2, true);
  tag(8, 'WAVE');
  tag(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true); // PCM
  v.setUint16(22, 1, true); // mono
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * 2, true);
  v.setUint16(32, 2, true);
  v.setUint16(34, 16, true);
  tag(36, 'data');
  v.setUint32(40, n * 2, true);
  for (let i = 0; i < n; i++) {
    const x = samples[i]!;
    v.setInt16(44 + i * 2, Math.round((x > 1 ? 1 : x < -1 ? -1 : x) * 32767), true);
  }
  return out;
}

/**
 * A 200 whose body is JSON, HTML or empty is not audio (a misconfigured base URL, a proxy page):
 * say so instead of playing noise.
 */
export function assertAudioBody(provider: ProviderId, bytes: Uint8Array, contentType?: string | null): void {
  const type = (contentType ?? '').toLowerCase();
  const head = Buffer.from(bytes.subarray(0, 16)).toString('latin1').trimStart();
  const looksText = head.startsWith('{') || head.startsWith('<') || head.startsWith('[');
  if (bytes.length < 2 || /json|html|text\//.test(type) || (looksText && !type.startsWith('audio'))) {
    throw new ProviderError(provider, 'bad_reply', {
      message: `${PROVIDER_NAMES[provider]} sent something that is not audio — check the model id and base URL in Settings → Providers`,
    });
  }
}

/** Root-mean-square level, used by tests and by callers checking a reply is not silence. */
export function rms(samples: Float32Array): number {
  let sum = 0;
  for (const v of samples) sum += v * v;
  return samples.length ? Math.sqrt(sum / samples.length) : 0;
}

export async function readStream(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
  }
  return Buffer.concat(parts);
}
