import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import NodeID3 from 'node-id3';
import { WaveFile } from 'wavefile';
import { fakeProviders, fakeSynth } from '../rituals/testing';
import { main } from './index';
import { ritualCommand } from './ritual';

const dir = mkdtempSync(join(tmpdir(), 'koru-cli-ritual-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let stderr = '';
const sink = { write: (s: string) => ((stderr += s), true), isTTY: false } as unknown as NodeJS.WriteStream;
beforeEach(() => {
  stderr = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    stderr += String(s);
    return true;
  });
});

describe('koru ritual', () => {
  it('writes a ritual to a WAV with progress on stderr; the repeat costs no provider call', async () => {
    const synth = fakeSynth();
    const deps = { providers: () => fakeProviders(synth.synth), stderr: sink };
    const out = join(dir, 'calm.wav');
    const opts = { intention: 'let go of the day', minutes: '1', focus: 'breathing,relaxation', bed: 'bowls', writer: 'offline', output: out, dataDir: dir };
    const r = await ritualCommand(opts, deps);
    const wav = new WaveFile(readFileSync(out));
    const fmt = wav.fmt as { sampleRate: number; numChannels: number };
    expect(fmt).toMatchObject({ sampleRate: 44100, numChannels: 2 });
    const frames = (wav.getSamples(true, Int16Array) as unknown as Int16Array).length / 2;
    expect(frames / 44100).toBeCloseTo(r.durationSec, 1);
    expect(r.durationSec).toBeGreaterThanOrEqual(60);
    expect(stderr).toMatch(/voicing 1\/\d+/);
    expect(stderr).toMatch(/wrote .*calm\.wav/);
    const calls = synth.texts.length;
    expect(calls).toBeGreaterThan(0);
    // Same ritual again, to MP3: every segment comes from the cache.
    const mp3 = join(dir, 'again.mp3');
    await ritualCommand({ ...opts, output: mp3 }, deps);
    expect(synth.texts.length).toBe(calls);
    // An ID3v2 tag (title, a chapter per section), then the first frame's sync.
    const bytes = readFileSync(mp3);
    expect(bytes.subarray(0, 3).toString('latin1')).toBe('ID3');
    const tagEnd = 10 + ((bytes[6]! << 21) | (bytes[7]! << 14) | (bytes[8]! << 7) | bytes[9]!);
    expect(bytes[tagEnd]).toBe(0xff);
    expect((bytes[tagEnd + 1]! & 0xe0) === 0xe0).toBe(true);
    const tags = NodeID3.read(bytes);
    expect(tags.title).toBeTruthy();
    const starts = (tags.chapter ?? []).map((c) => c.startTimeMs);
    expect(starts.length).toBeGreaterThan(1);
    expect(starts[0]).toBe(0);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(tags.chapter?.at(-1)?.endTimeMs).toBeCloseTo(r.durationSec * 1000, -2);
  });

  it('exits 2 with a clear message on bad input', async () => {
    expect(await main(['ritual', '--intention', 'rest', '--minutes', '500', '-o', join(dir, 'x.wav'), '--data-dir', dir])).toBe(2);
    expect(stderr).toMatch(/minutes must be between 1 and 90/i);
    expect(await main(['ritual', '--intention', 'rest', '--minutes', '5', '-o', join(dir, 'x.ogg'), '--data-dir', dir])).toBe(2);
    expect(stderr).toMatch(/\.wav or \.mp3/);
    expect(await main(['ritual', '--intention', 'rest', '--minutes', '5', '--style', 'loud', '-o', join(dir, 'x.wav'), '--data-dir', dir])).toBe(2);
    expect(stderr).toMatch(/--style must be one of gentle, direct, poetic/);
    expect(await main(['ritual', '--intention', 'rest', '--minutes', '5', '--bed', 'disco', '-o', join(dir, 'x.wav'), '--data-dir', dir])).toBe(2);
    expect(stderr).toMatch(/Unknown tone bed "disco"/);
  });
});
