import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDubRenderer, type DubLineRef, type DubSpec } from './dub-mixer';

const dir = mkdtempSync(join(tmpdir(), 'koru-dub-mixer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SRC = 44_100;
/** Two seconds of silence as the decoded original (stereo s16), and three 0.2 s lines of a
 *  1 kHz tone at 0.5, 1.0 and 1.5 s, stored as the fit step stores them (Float32 at 44.1 kHz). */
function spec(): DubSpec {
  const source = join(dir, 'source.s16');
  writeFileSync(source, Buffer.alloc(2 * SRC * 2 * 2));
  const tone = Float32Array.from({ length: 0.2 * SRC }, (_, i) => 0.3 * Math.sin((2 * Math.PI * 1000 * i) / SRC));
  const lines: DubLineRef[] = [0.5, 1.0, 1.5].map((startSec, k) => {
    const path = join(dir, `line${k}.f32`);
    writeFileSync(path, new Uint8Array(tone.buffer));
    return { path, sampleRate: SRC, samples: tone.length, startSec };
  });
  return { kind: 'dub', source: { path: source, sampleRate: SRC, channels: 2, frames: 2 * SRC }, lines, track: 'dub', mix: 'dub-only', duckDb: -18 };
}

function render(r: ReturnType<typeof createDubRenderer>, sec: number): Float32Array {
  const out: number[] = [];
  const block = new Float32Array(1024 * 2);
  while (out.length < sec * r.sampleRate) {
    const n = r.render(block, 1024);
    for (let i = 0; i < n; i++) out.push(block[2 * i]!);
    if (n < 1024) break;
  }
  return Float32Array.from(out);
}

/** First sample above 0.01 from `fromSec` on, in seconds. */
const onset = (x: Float32Array, rate: number, fromSec: number) => {
  for (let i = Math.round(fromSec * rate); i < x.length; i++) if (Math.abs(x[i]!) > 0.01) return i / rate;
  return Infinity;
};

describe('the dub mixer', () => {
  it('reads each line when the playhead reaches it, at another rate too, and lets it go after', () => {
    const reads: number[] = [];
    const s = spec();
    const r = createDubRenderer(s, 48_000, (ref) => {
      reads.push(s.lines.indexOf(ref));
      const b = readFileSync(ref.path);
      return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
    });
    expect(reads).toEqual([]); // starting costs no line
    const first = render(r, 0.9);
    expect(reads).toEqual([0]);
    const rest = render(r, 2);
    expect(reads).toEqual([0, 1, 2]);
    const x = Float32Array.from([...first, ...rest]);
    expect(x.length).toBe(2 * 48_000); // the source's length at the play rate
    for (const t of [0.5, 1.0, 1.5]) expect(Math.abs(onset(x, 48_000, t - 0.2) - t)).toBeLessThan(0.001);

    // A seek back reads the line under the playhead again, and it sounds from there.
    r.seek(1.05);
    const after = render(r, 0.1);
    expect(reads).toEqual([0, 1, 2, 1]);
    const level = Math.max(...x.map(Math.abs));
    expect(level).toBeGreaterThan(0.05);
    expect(Math.max(...after.subarray(0, 480).map(Math.abs))).toBeGreaterThan(0.9 * level);
  });
});
