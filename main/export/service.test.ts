import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import NodeID3 from 'node-id3';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { WaveFile } from 'wavefile';
import type { ExportProgress } from '../../contract/exports';
import { Program } from '../../contract/program';
import { deinterleave, estimateFrequency } from '../audio/analysis';
import { createExportService, PROGRESS_INTERVAL_MS, type ExportJob } from './index';
import { readMp3 } from '../../test/audio-files';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'koru-export-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const SR = 44100;
/** A 440 Hz sine left, 360 Hz right (carrier ± beat/2): easy to find again in the file. */
const program = Program.parse({
  sets: [{ name: 'a', voices: [{ kind: 'binaural', carrier: 400, beat: 80, amp: 0.5 }] }],
  timeline: [{ at: 0, set: 'a' }],
});

function job(name: string, durationSec: number, extra: Partial<ExportJob> = {}): ExportJob {
  return { spec: { kind: 'program', program, durationSec, seed: 1 }, volume: 1, maxVolume: 1, sampleRate: SR, format: 'wav', path: path.join(dir, name), ...extra };
}

function recorder() {
  const events: ExportProgress[] = [];
  const service = createExportService({ emit: (_n, p) => void events.push(p) });
  return { service, events };
}

/** What sits in the folder besides the files we put there: temporaries would show here. */
const others = (keep: string[]) => fs.readdirSync(dir).filter((f) => !keep.includes(f));

describe('export service (worker thread)', () => {
  it('renders a WAV in a worker, with throttled progress ending in one "done"', async () => {
    const { service, events } = recorder();
    const started = performance.now();
    const r = await service.run(job('tone.wav', 20), { id: 'export-tone-1' });
    const elapsed = performance.now() - started;
    expect(r).toMatchObject({ exportId: 'export-tone-1', path: path.join(dir, 'tone.wav'), durationSec: 20 });
    expect(fs.statSync(r.path).size).toBe(r.bytes);
    const wav = new WaveFile(fs.readFileSync(r.path));
    const samples = Float32Array.from(wav.getSamples(true, Float64Array) as unknown as Float64Array, (s) => s / 32768);
    expect(samples.length).toBe(20 * SR * 2);
    const mid = (ch: 0 | 1) => deinterleave(samples, ch).subarray(5 * SR, 15 * SR);
    expect(estimateFrequency(mid(0), SR)).toBeCloseTo(440, 1);
    expect(estimateFrequency(mid(1), SR)).toBeCloseTo(360, 1);

    expect(events.at(-1)).toEqual({ id: 'export-tone-1', fraction: 1, state: 'done' });
    const running = events.filter((e) => e.state === 'running');
    expect(events.filter((e) => e.state !== 'running')).toHaveLength(1);
    // One at the start, then at most one per interval: never a flood.
    expect(running.length).toBeLessThanOrEqual(1 + elapsed / PROGRESS_INTERVAL_MS);
    const fractions = running.map((e) => e.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(others(['tone.wav'])).toEqual([]);
    // The next export reuses the idle worker and behaves the same.
    const again = await service.run(job('tone.wav', 2), { id: 'export-tone-2' });
    expect(again.durationSec).toBe(2);
    expect(events.at(-1)).toEqual({ id: 'export-tone-2', fraction: 1, state: 'done' });
    await service.close();
  });

  it('cancel reaches the worker mid-export: the earlier file stays and no temporary is left', async () => {
    const target = path.join(dir, 'keep.wav');
    fs.writeFileSync(target, 'the earlier, good export');
    const { service, events } = recorder();
    // One hour at 44.1 kHz takes seconds; the first progress report cancels it.
    const cancelled = vi.fn();
    const run = service.run(job('keep.wav', 3600), { id: 'export-keep-1' });
    await vi.waitFor(() => expect(events.some((e) => e.state === 'running' && e.fraction > 0)).toBe(true), { timeout: 15_000 });
    expect(service.running()).toEqual(['export-keep-1']);
    expect(service.cancel('export-keep-1')).toEqual({ cancelled: true });
    await run.catch((err: unknown) => cancelled(err));
    expect(cancelled).toHaveBeenCalledWith(expect.objectContaining({ code: 'CONFLICT', details: { cancelled: true } }));
    expect(fs.readFileSync(target, 'utf8')).toBe('the earlier, good export');
    expect(others(['tone.wav', 'keep.wav'])).toEqual([]);
    expect(events.at(-1)).toMatchObject({ id: 'export-keep-1', state: 'cancelled' });
    expect(service.cancel('export-keep-1')).toEqual({ cancelled: false });
  });

  it('a failure mid-write (disk full) keeps the earlier file and leaves no temporary', async () => {
    const target = path.join(dir, 'full.wav');
    fs.writeFileSync(target, 'earlier');
    const { service, events } = recorder();
    await expect(service.run(job('full.wav', 10, { maxDataBytes: 100_000 }))).rejects.toMatchObject({ code: 'STORAGE' });
    expect(fs.readFileSync(target, 'utf8')).toBe('earlier');
    expect(others(['tone.wav', 'keep.wav', 'full.wav'])).toEqual([]);
    expect(events.at(-1)).toMatchObject({ state: 'failed' });
  });

  it('writes an MP3 whose ID3 tag has the title and a chapter list, and which decodes at the right pitch', async () => {
    const { service } = recorder();
    const chapters = [
      { title: 'Opening', startSec: 0 },
      { title: 'Breathing', startSec: 4.5 },
      { title: 'Closing', startSec: 9 },
    ];
    const r = await service.run(job('tagged.mp3', 12, { format: 'mp3', title: 'Evening rest', chapters }));
    const bytes = fs.readFileSync(r.path);
    const tags = NodeID3.read(bytes);
    expect(tags.title).toBe('Evening rest');
    expect(tags.chapter?.map((c) => [c.elementID, c.startTimeMs, c.endTimeMs, c.tags?.title])).toEqual([
      ['chp0', 0, 4500, 'Opening'],
      ['chp1', 4500, 9000, 'Breathing'],
      ['chp2', 9000, 12000, 'Closing'],
    ]);
    expect(tags.tableOfContents?.[0]).toMatchObject({ elementID: 'toc', isOrdered: true, elements: ['chp0', 'chp1', 'chp2'] });
    const { left, right, sampleRate } = await readMp3(bytes);
    expect(sampleRate).toBe(SR);
    expect(left.length).toBeGreaterThanOrEqual(12 * SR);
    expect(left.length).toBeLessThan(12 * SR + 3 * 1152);
    expect(estimateFrequency(left.subarray(3 * SR, 9 * SR), SR)).toBeCloseTo(440, 0);
    expect(estimateFrequency(right.subarray(3 * SR, 9 * SR), SR)).toBeCloseTo(360, 0);
  });

  it('refuses a second export to a file that is being written, and a reused id', async () => {
    const { service } = recorder();
    const first = service.run(job('busy.wav', 3600, { title: 'Deep focus' }), { id: 'export-busy-1' });
    await expect(service.run(job('busy.wav', 5))).rejects.toThrow(/"Deep focus" is already being exported/);
    await expect(service.run(job('other.wav', 5), { id: 'export-busy-1' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await service.close(); // cancels the hour
    await expect(first).rejects.toMatchObject({ details: { cancelled: true } });
    expect(fs.existsSync(path.join(dir, 'busy.wav'))).toBe(false);
  });
});

describe('export service (in this thread, as the CLI runs it)', () => {
  it('reports progress to the caller and stops on an AbortSignal', async () => {
    const service = createExportService({ inThread: true });
    const seen: number[] = [];
    const done = await service.run(job('cli.wav', 5), { onProgress: (f) => seen.push(f) });
    expect(done.durationSec).toBe(5);
    expect(seen[0]).toBe(0);
    const controller = new AbortController();
    const target = path.join(dir, 'cli.wav');
    const before = fs.readFileSync(target);
    const run = service.run(job('cli.wav', 3600), { signal: controller.signal, onProgress: (f) => f > 0 && controller.abort() });
    await expect(run).rejects.toMatchObject({ details: { cancelled: true } });
    expect(fs.readFileSync(target).equals(before)).toBe(true);
    expect(fs.readdirSync(dir).filter((f) => f.includes('koru-tmp'))).toEqual([]);
  });
});
