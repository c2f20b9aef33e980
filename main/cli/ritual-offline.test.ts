import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WaveFile } from 'wavefile';
import { ritualCommand } from './ritual';

const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'koru-offline-ritual-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('offline ritual, end to end', () => {
  it('with no keys, writes and voices a ritual with the offline voice and mixes it over the bed', async () => {
    const lines: string[] = [];
    const stderr = { write: (s: string) => (lines.push(s), true), isTTY: false } as unknown as NodeJS.WriteStream;
    const out = path.join(dir, 'offline.wav');
    const t0 = performance.now();
    const r = await ritualCommand({ intention: 'I want to reduce stress before sleep', minutes: '1', focus: 'breathing', output: out, dataDir: dir }, { env: {}, stderr });
    const ms = performance.now() - t0;
    expect(lines.join('')).toMatch(/by offline/);
    const wav = new WaveFile(fs.readFileSync(out));
    const s = wav.getSamples(true, Int16Array) as unknown as Int16Array;
    let peak = 0;
    for (const v of s) peak = Math.max(peak, Math.abs(v));
    expect(peak).toBeGreaterThan(3000);
    expect(r.durationSec).toBeGreaterThanOrEqual(60);
    if (process.env.KORU_FIGURES) console.log(`offline 1-minute ritual: ${ms.toFixed(0)} ms`, lines.join(''));
  }, 120_000);
});
