import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WaveFile } from 'wavefile';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Program } from '../../../../contract/program';
import { measureTone, peakAbs, renderProgram } from '../measure';
import { decodeAudio, sniffFormat } from './decode';
import { openMixSource, storeMixInput } from './store';

/** One second of a 1 kHz tone at half scale, mono 22.05 kHz: the renderer must resample it. */
function toneWav(): Uint8Array {
  const sr = 22050;
  const s = Int16Array.from({ length: sr }, (_, i) => Math.round(16384 * Math.sin((2 * Math.PI * 1000 * i) / sr)));
  const w = new WaveFile();
  w.fromScratch(1, sr, '16', s);
  return w.toBuffer();
}

describe('mixed-in audio (SBaGen -m, mix/<amp>)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'koru-mix-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores a decoded file once, by content, and reads it back looping', async () => {
    const a = await storeMixInput(dir, 'tone.wav', toneWav());
    const b = await storeMixInput(dir, 'same-tone.wav', toneWav());
    expect(b.asset).toBe(a.asset);
    expect(a).toMatchObject({ sampleRate: 22050, durationSec: 1 });
    expect(readdirSync(dir)).toEqual([`${a.asset}-22050.s16`]);
    const src = openMixSource(dir, a.asset)!;
    const out = new Float64Array(8);
    src.read(out, 22050 - 2, 4); // the last two frames, then the first two again
    expect(out[4]).toBe(0);
    src.close();
    expect(openMixSource(dir, '0123456789abcdef0123456789abcdef')).toBeNull();
  });

  it('plays the input at the mix voice\'s level, resampled to the output rate', async () => {
    const { asset } = await storeMixInput(dir, 'tone.wav', toneWav());
    const program = Program.parse({
      sets: [{ name: 'a', voices: [{ kind: 'mix', amp: 0.5 }] }],
      timeline: [{ at: 0, set: 'a' }],
      mix: { file: 'tone.wav', asset },
    });
    const { L, R } = renderProgram(program, 3, { sampleRate: 48000, mixFolder: dir });
    expect(Math.abs(measureTone(L.subarray(48000, 96000), 48000, 900, 1100) - 1000)).toBeLessThan(0.01);
    expect(peakAbs(R, 48000, 96000)).toBeCloseTo(0.25, 2);
    // Without the file the voice is silent rather than an error.
    const missing = renderProgram({ ...program, mix: { file: 'tone.wav' } }, 1, { mixFolder: dir });
    expect(peakAbs(missing.L)).toBe(0);
  });

  it('knows formats by their bytes and refuses what is not audio', async () => {
    expect(sniffFormat(toneWav())).toBe('wav');
    expect(sniffFormat(new TextEncoder().encode('OggS....'))).toBe('ogg');
    await expect(decodeAudio('notes.txt', new TextEncoder().encode('hello'))).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(decodeAudio('bad.ogg', new TextEncoder().encode('OggS garbage garbage'))).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });
});
