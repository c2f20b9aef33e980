import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import NodeID3 from 'node-id3';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeProviders, fakeSynth } from '../rituals/testing';
import { main } from './index';
import { mantraRender } from './mantra';

const dir = mkdtempSync(join(tmpdir(), 'koru-cli-mantra-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let stderr = '';
let stdout = '';
const sink = { write: (s: string) => ((stderr += s), true), isTTY: false } as unknown as NodeJS.WriteStream;
beforeEach(() => {
  stderr = '';
  stdout = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true));
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((stdout += String(s)), true));
});

describe('koru mantra', () => {
  it('lists the starter mantras with their sources, as text or JSON', async () => {
    expect(await main(['mantra', 'list'])).toBe(0);
    expect(stdout).toMatch(/om-mani-padme-hum\s+Om mani padme hum/);
    expect(stdout).toMatch(/Kāraṇḍavyūha Sūtra/);
    stdout = '';
    expect(await main(['mantra', 'list', '--json'])).toBe(0);
    const list = JSON.parse(stdout) as { id: string; source: string }[];
    expect(list.length).toBeGreaterThanOrEqual(10);
    expect(list.every((m) => m.source.length > 0)).toBe(true);
  });

  it('renders a voiced practice to an MP3 with a chapter per round; the voice is asked once', async () => {
    const synth = fakeSynth();
    const out = join(dir, 'wheel.mp3');
    const r = await mantraRender('Om tare tuttare ture soha', { count: '8', round: '4', bed: 'bowls', output: out, dataDir: dir }, { providers: () => fakeProviders(synth.synth), stderr: sink });
    expect(r.durationSec).toBeGreaterThan(8);
    expect(stderr).toMatch(/8 repetitions/);
    expect(stderr).toMatch(/wrote .*wheel\.mp3/);
    const tags = NodeID3.read(readFileSync(out));
    expect(tags.chapter?.map((c) => c.tags?.title)).toEqual(['Round 1', 'Round 2']);
    expect(synth.texts).toEqual(['Om tare tuttare ture soha']);
    await mantraRender('Om tare tuttare ture soha', { count: '2', output: join(dir, 'again.wav'), dataDir: dir }, { providers: () => fakeProviders(synth.synth), stderr: sink });
    expect(synth.texts).toHaveLength(1);
  }, 60_000);

  it('exits 2 with a clear message on a count of 0 or 10⁷, an empty mantra or a bad output name', async () => {
    const out = join(dir, 'bad.wav');
    expect(await main(['mantra', 'render', 'Om', '--count', '0', '-o', out, '--data-dir', dir])).toBe(2);
    expect(stderr).toMatch(/a voiced practice must be between 1 and 10,800/i);
    expect(await main(['mantra', 'render', 'Om', '--count', '10000000', '-o', out, '--data-dir', dir])).toBe(2);
    expect(await main(['mantra', 'render', '  ', '-o', out, '--data-dir', dir])).toBe(2);
    expect(stderr).toMatch(/the mantra cannot be empty/i);
    expect(await main(['mantra', 'render', 'Om', '-o', join(dir, 'x.ogg')])).toBe(2);
    expect(await main(['mantra', 'render', 'Om'])).toBe(2);
    expect(existsSync(out)).toBe(false);
  });
});
