/** What the transcription mocks "hear": the uploaded WAV's stretches of sound (frame energy
 *  above a floor that follows the recording's quiet parts, so a steady bed under the speech is
 *  not heard as speech; pauses under 0.45 s bridged), so the times they answer are the audio's real
 *  times and a caller that splits or re-offsets wrongly is caught. Lines come from `lines`. */
import wavefile from 'wavefile';

const { WaveFile } = wavefile;

export interface Heard {
  durationSec: number;
  regions: Array<{ start: number; end: number }>;
}

export function hear(bytes: Uint8Array): Heard | null {
  let wav;
  try {
    wav = new WaveFile(bytes);
  } catch {
    return null;
  }
  const fmt = wav.fmt as { sampleRate: number; numChannels: number; bitsPerSample: number };
  if (fmt.bitsPerSample !== 16) return null;
  const data = (wav.data as { samples: Uint8Array }).samples;
  const pcm = new Int16Array(data.buffer, data.byteOffset, Math.floor(data.byteLength / 2));
  const ch = fmt.numChannels;
  const frames = Math.floor(pcm.length / ch);
  const hop = Math.round(fmt.sampleRate * 0.02);
  const levels: number[] = [];
  for (let f = 0; f + hop <= frames; f += hop) {
    let sum = 0;
    for (let i = f; i < f + hop; i++) sum += (pcm[i * ch]! / 32768) ** 2;
    levels.push(Math.sqrt(sum / hop));
  }
  const bed = [...levels].sort((a, b) => a - b)[Math.floor(levels.length * 0.1)] ?? 0;
  const floor = Math.max(0.02, bed * 3);
  const loud = levels.map((v) => v > floor);
  const regions: Heard['regions'] = [];
  const step = hop / fmt.sampleRate;
  let start = -1;
  let quiet = 0;
  loud.forEach((on, k) => {
    if (on) {
      if (start < 0) start = k;
      quiet = 0;
    } else if (start >= 0 && ++quiet * step >= 0.45) {
      regions.push({ start: start * step, end: (k - quiet + 1) * step });
      start = -1;
      quiet = 0;
    }
  });
  if (start >= 0) regions.push({ start: start * step, end: (loud.length - quiet) * step });
  return { durationSec: frames / fmt.sampleRate, regions };
}

/** The default script the mocks "hear": one line per stretch of sound, cycling. */
export const MOCK_LINES = ['Welcome to the lesson.', 'Today we breathe slowly.', 'Let the shoulders soften.', 'Rest here for a moment.'];

export function lineFor(i: number, lines: readonly string[] = MOCK_LINES): string {
  return lines[i % lines.length]!;
}

/** Words of a line spread evenly over its region. */
export function wordsOf(text: string, start: number, end: number): Array<{ word: string; start: number; end: number }> {
  const words = text.split(/\s+/).filter(Boolean);
  const each = (end - start) / Math.max(1, words.length);
  return words.map((word, i) => ({ word, start: start + i * each, end: start + (i + 1) * each }));
}

/** A chat reply that "translates" a dubbing request: every line back under its own id, marked
 *  with `tag` ("[fr] Welcome…"); anything else is echoed. */
export function translatingReply(tag: string) {
  return (prompt: string, json: boolean): string => {
    try {
      const req = JSON.parse(prompt) as { segments?: Array<{ id: string; text: string }> };
      if (json && Array.isArray(req.segments)) return JSON.stringify({ segments: req.segments.map((s) => ({ id: s.id, text: `${tag} ${s.text}` })) });
    } catch {
      /* not a translation request */
    }
    return json ? JSON.stringify({ echo: prompt }) : `You said: ${prompt}`;
  };
}
