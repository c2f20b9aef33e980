/** The speech segment cache: every synthesized segment is a content-addressed file (raw mono
 *  Float32 little-endian at the provider's rate) under `speech/` in the file store, indexed in
 *  SQLite. The key is a sha256 of (provider, model, voice, settings, text): the same script twice
 *  costs no provider call, and a job that died resumes at the first segment not in the cache. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { FileStore } from '../storage';
import type { CachedSegment, SegmentCacheRepo } from '../storage';
import type { SegmentRef } from '../audio';
import type { ProviderId, SpeechAudio } from '../providers';

export interface SpeechKey {
  provider: ProviderId;
  model: string;
  voice: string;
  /** Anything else that changes the sound (speed, format version …). */
  settings?: Record<string, unknown>;
  text: string;
}

/** Bump when the stored format changes, so old files are never misread. */
const FORMAT = 'f32le-mono-v1';

/** Canonical JSON (sorted keys), so key order never changes a hash. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v as object).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

export function speechHash(key: SpeechKey): string {
  const { provider, model, voice, settings = {}, text } = key;
  return createHash('sha256').update(canonical({ format: FORMAT, provider, model, voice, settings, text })).digest('hex');
}

export interface SegmentCache {
  /** The cached audio, or null (a row whose file has vanished is dropped, so it is re-made). */
  read(hash: string): SpeechAudio | null;
  has(hash: string): boolean;
  write(key: SpeechKey, audio: SpeechAudio): CachedSegment;
  /** Remove files (relative paths) that no ritual uses any more; missing ones are fine. */
  removeFiles(paths: readonly string[]): void;
  info(hash: string): CachedSegment | null;
  /** Where segment `index`'s audio is, for a renderer in another thread to read. */
  ref(hash: string, index: number): SegmentRef | null;
}

export function createSegmentCache(repo: SegmentCacheRepo, files: FileStore): SegmentCache {
  const relPath = (hash: string) => `speech/${files.contentPath(hash, 'f32')}`;

  function read(hash: string): SpeechAudio | null {
    const entry = repo.get(hash);
    if (!entry) return null;
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(files.resolve(entry.path));
    } catch {
      repo.remove(hash);
      return null;
    }
    if (bytes.length !== entry.samples * 4) {
      repo.remove(hash);
      return null;
    }
    // Copy into an aligned buffer: a Buffer's offset into its pool need not be a multiple of 4.
    const samples = new Float32Array(entry.samples);
    new Uint8Array(samples.buffer).set(bytes);
    return { samples, sampleRate: entry.sampleRate };
  }

  return {
    read,
    has: (hash) => {
      const e = repo.get(hash);
      return e !== null && files.exists(e.path);
    },
    write(key, audio) {
      const hash = speechHash(key);
      const path = relPath(hash);
      const s = audio.samples;
      files.writeAtomic(path, new Uint8Array(s.buffer, s.byteOffset, s.byteLength));
      const entry: CachedSegment = { hash, path, provider: key.provider, model: key.model, voice: key.voice, sampleRate: audio.sampleRate, samples: s.length };
      repo.put(entry);
      return entry;
    },
    removeFiles(paths) {
      for (const p of paths) fs.rmSync(files.resolve(p), { force: true });
    },
    info: (hash) => repo.get(hash),
    ref(hash, index) {
      const e = repo.get(hash);
      return e ? { index, path: files.resolve(e.path), sampleRate: e.sampleRate, samples: e.samples } : null;
    },
  };
}
