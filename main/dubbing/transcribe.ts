/** Transcribing the decoded original through any transcriber. Timed models get the recording in
 *  pieces that fit their upload limit, cut in pauses, and their times are moved back by each
 *  piece's start; a text-only model (gpt-4o-transcribe) gets one stretch of speech per request
 *  and each answer is timed by its stretch. The lines come back in order, never overlapping,
 *  within the recording. */
import type { DubSource } from '../../contract/dubbing';
import type { Transcriber, TranscriptSegment } from '../providers';
import { cutPoints, loudness, maxUploadSec, speechRegions, uploadWav, type Region } from './source';

export interface TranscribeInput {
  transcriber: Transcriber;
  path: string;
  source: DubSource;
  language?: string;
  signal: AbortSignal;
  onProgress?: (fraction: number, message: string) => void;
  log?: (action: string, details?: unknown) => void;
}

export interface Transcribed {
  segments: TranscriptSegment[];
  language: string | null;
  /** Requests made (a long file is split into several). */
  requests: number;
}

/** Stretches of speech, merged up to this long, for a text-only model. */
const PHRASE_MAX_SEC = 20;

export async function transcribeSource(i: TranscribeInput): Promise<Transcribed> {
  const { transcriber, source } = i;
  const regions = speechRegions(loudness(i.path, source));
  const pieces = transcriber.timed ? cutPoints(regions, source.durationSec, maxUploadSec(transcriber.maxUploadBytes)) : phrases(regions);
  if (pieces.length > 1) i.log?.(`Sending ${pieces.length} pieces (${transcriber.timed ? 'each under the upload limit, cut in pauses' : 'one per stretch of speech'})`, { pieces: pieces.length });
  let done = 0;
  let language: string | null = null;
  const results = await Promise.all(
    pieces.map(async (p) => {
      const audio = uploadWav(i.path, source, p.start, p.end);
      const res = await transcriber.transcribe({ audio, filename: 'speech.wav', signal: i.signal, ...(i.language ? { language: i.language } : {}) });
      language ??= res.language ?? null;
      done++;
      i.onProgress?.(done / pieces.length, `Transcribed ${done} of ${pieces.length}`);
      if (!transcriber.timed) return res.text.trim() ? [{ start: p.start, end: p.end, text: res.text.trim() }] : [];
      return res.segments.map((s) => ({ ...s, start: s.start + p.start, end: s.end + p.start }));
    }),
  );
  return { segments: tidy(results.flat(), source.durationSec), language, requests: pieces.length };
}

/** Stretches of speech joined while the result stays under PHRASE_MAX_SEC. */
function phrases(regions: readonly Region[]): Region[] {
  const out: Region[] = [];
  for (const r of regions) {
    const last = out.at(-1);
    if (last && r.end - last.start <= PHRASE_MAX_SEC && r.start - last.end < 0.6) last.end = r.end;
    else out.push({ ...r });
  }
  return out;
}

/** In order, within [0, duration], each ending before the next starts, no empty lines. */
export function tidy(segments: TranscriptSegment[], durationSec: number): TranscriptSegment[] {
  const s = segments
    .filter((x) => x.text.trim() !== '' && Number.isFinite(x.start) && Number.isFinite(x.end))
    .map((x) => ({ ...x, text: x.text.trim(), start: Math.max(0, Math.min(durationSec, x.start)), end: Math.max(0, Math.min(durationSec, x.end)) }))
    .sort((a, b) => a.start - b.start);
  for (let k = 0; k < s.length; k++) {
    const next = s[k + 1];
    if (next && s[k]!.end > next.start) s[k]!.end = next.start;
    if (s[k]!.end < s[k]!.start) s[k]!.end = s[k]!.start;
  }
  return s.filter((x) => x.end > x.start);
}
