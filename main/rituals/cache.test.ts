import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createSegmentCacheRepo } from '../storage/segment-cache-repo';
import { createSegmentCache, speechHash } from './cache';
import { tempEnv } from './testing';

const envs: ReturnType<typeof tempEnv>[] = [];
afterEach(() => envs.splice(0).forEach((e) => e.cleanup()));
const key = { provider: 'openai' as const, model: 'tts-1', voice: 'alloy', text: 'Breathe in.' };

describe('segment cache', () => {
  it('hashes every part of the key, independent of settings key order', () => {
    const h = speechHash(key);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(speechHash({ ...key })).toBe(h);
    for (const change of [{ provider: 'gemini' as const }, { model: 'tts-2' }, { voice: 'verse' }, { text: 'Breathe out.' }, { settings: { speed: 0.9 } }]) {
      expect(speechHash({ ...key, ...change })).not.toBe(h);
    }
    expect(speechHash({ ...key, settings: { a: 1, b: 2 } })).toBe(speechHash({ ...key, settings: { b: 2, a: 1 } }));
  });

  it('round-trips audio exactly through a content-addressed file', () => {
    const env = tempEnv();
    envs.push(env);
    const cache = createSegmentCache(createSegmentCacheRepo(env.db), env.files);
    const samples = Float32Array.from({ length: 1001 }, (_, i) => Math.sin(i / 7) * 0.9);
    const entry = cache.write(key, { samples, sampleRate: 24000 });
    expect(entry.path).toBe(`speech/${entry.hash.slice(0, 2)}/${entry.hash}.f32`);
    expect(cache.read(entry.hash)).toEqual({ samples, sampleRate: 24000 });
    expect(cache.has(entry.hash)).toBe(true);
  });

  it('forgets an entry whose file vanished or was truncated, so it is voiced again', () => {
    const env = tempEnv();
    envs.push(env);
    const repo = createSegmentCacheRepo(env.db);
    const cache = createSegmentCache(repo, env.files);
    const a = cache.write(key, { samples: new Float32Array(100), sampleRate: 16000 });
    fs.rmSync(env.files.resolve(a.path));
    expect(cache.has(a.hash)).toBe(false);
    expect(cache.read(a.hash)).toBeNull();
    expect(repo.get(a.hash)).toBeNull();
    const b = cache.write({ ...key, text: 'x' }, { samples: new Float32Array(100), sampleRate: 16000 });
    fs.writeFileSync(env.files.resolve(b.path), new Uint8Array(10));
    expect(cache.read(b.hash)).toBeNull();
  });
});
