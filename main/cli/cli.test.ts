import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { deinterleave, estimateFrequency } from '../audio/analysis';
import { main } from './index';
import { readWav } from '../../test/audio-files';

const dir = mkdtempSync(join(tmpdir(), 'koru-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let stderr = '';
beforeEach(() => {
  stderr = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    stderr += String(s);
    return true;
  });
});

/** Interleaved Float32 from a 16-bit stereo WAV. */
function readStereo(path: string): { rate: number; stereo: Float32Array } {
  const wav = readWav(path);
  expect(wav.channels).toBe(2);
  return { rate: wav.sampleRate, stereo: wav.samples };
}

describe('koru render', () => {
  it('renders immediate binaural specs to a WAV whose ears carry carrier ± beat/2', async () => {
    const out = join(dir, 'beat.wav');
    expect(await main(['render', '-i', '200+10/40', '-L', '00:00:04', '-o', out, '-r', '48000'])).toBe(0);
    const { rate, stereo } = readStereo(out);
    expect(rate).toBe(48000);
    expect(stereo.length / 2).toBe(4 * 48000);
    // Measure in the steady middle, away from the opening and closing fades.
    const mid = (ch: number) => deinterleave(stereo, ch).subarray(48000, 3 * 48000);
    expect(estimateFrequency(mid(0), rate)).toBeCloseTo(205, 3);
    expect(estimateFrequency(mid(1), rate)).toBeCloseTo(195, 3);
    expect(stderr).toMatch(/wrote .*beat\.wav/);
  });

  it('renders an .sbg file, and writes MP3 when asked', async () => {
    const sbg = join(dir, 'calm.sbg');
    writeFileSync(sbg, '## calm\ncalm: pink/30 150+6/20\nalloff: -\nNOW calm\n+00:00:03 alloff\n');
    const out = join(dir, 'calm.mp3');
    expect(await main(['render', sbg, '-o', out])).toBe(0);
    const bytes = readFileSync(out);
    expect(bytes.length).toBeGreaterThan(10_000);
    expect(bytes[0] === 0xff || bytes.subarray(0, 3).toString() === 'ID3').toBe(true);
  });

  it.each([
    [['render', '-i', 'pink/40', '-L', 'soon', '-o', 'x.wav'], /length "soon"/],
    [['render', '-i', 'pink/40', '-o', 'x.wav'], /needs a length/],
    [['render', '-i', 'purple/40', '-L', '10', '-o', 'x.wav'], /purple/],
    [['render', '-i', 'pink/40', '-L', '10', '-o', 'x.wav', '-r', '22050'], /44100 or 48000/],
    [['render', join(dir, 'missing.sbg'), '-o', 'x.wav'], /cannot read .*missing\.sbg/],
    [['render', '-L', '10', '-o', 'x.wav'], /nothing to play/],
  ])('refuses bad input %j with exit code 2 and a clear message', async (argv, message) => {
    expect(await main(argv.map((a) => (a === 'x.wav' ? join(dir, 'x.wav') : a)))).toBe(2);
    expect(stderr).toMatch(message);
    expect(existsSync(join(dir, 'x.wav'))).toBe(false);
  });

  it('reports a malformed .sbg line with its line number', async () => {
    const sbg = join(dir, 'bad.sbg');
    writeFileSync(sbg, 'a: 200+10/20\nNOW a\n+00:01 nosuchset\n');
    expect(await main(['render', sbg, '-o', join(dir, 'bad.wav')])).toBe(2);
    expect(stderr).toMatch(/line 3/);
  });

  it('fails with exit code 1 when the output cannot be written', async () => {
    expect(await main(['render', '-i', 'pink/40', '-L', '2', '-o', join(dir, 'no/such/dir/out.wav')])).toBe(1);
    expect(stderr).toMatch(/koru: /);
  });
});
