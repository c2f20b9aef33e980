import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KoruError } from '../../../contract/errors';
import { Program } from '../../../contract/program';
import { CORPUS_DIR } from '../../../test/oracle/sbagen';
import { parseSbg } from './index';

// The SBaGen+ example corpus lives beside the checkout (see its README); it is never copied in.
const CORPUS = CORPUS_DIR;

type Outcome = { file: string; text: string } & ({ ok: true } | { ok: false; error: KoruError });

function importAll(): Outcome[] {
  return walk(CORPUS).map((p) => {
    const file = path.relative(CORPUS, p);
    const text = readFileSync(p, 'utf8');
    try {
      const r = parseSbg(text);
      // parseSbg already validated; validate again here so a slip in it cannot hide.
      expect(Program.safeParse(r.program).success, file).toBe(true);
      expect(r.durationSec, file).toBeGreaterThan(0);
      return { file, text, ok: true };
    } catch (e) {
      if (!(e instanceof KoruError)) throw new Error(`${file}: crashed with ${String(e)}`);
      return { file, text, ok: false, error: e };
    }
  });
}

function walk(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return walk(p);
    return name.endsWith('.sbg') ? [p] : [];
  });
}

const present = existsSync(CORPUS);
if (!present) console.log(`SBaGen corpus tests skipped: no corpus at ${CORPUS} (../shared/sbg-examples beside the checkout)`);

describe.runIf(present)('SBaGen corpus (../shared/sbg-examples)', () => {
  const outcomes = present ? importAll() : [];

  it('imports every one of the 142 files', () => {
    expect(outcomes.length).toBe(142);
    const refused = outcomes.filter((o): o is Extract<Outcome, { ok: false }> => !o.ok);
    expect(refused.map((o) => `${o.file}: ${o.error.message}`)).toEqual([]);
  });

  it('keeps SBaGen times: the chakra program loops 24 hours of 3-minute chords', () => {
    const chakras = outcomes.find((o) => o.file === path.join('basics', 'prog-chakras-1.sbg'));
    expect(chakras?.ok).toBe(true);
    const r = parseSbg(chakras!.text);
    // 6 calls × 4 × 5 × 4 block lines; nested blocks expand to one entry every 3 minutes.
    expect(r.program.timeline).toHaveLength(480);
    const steps = new Set(r.program.timeline.slice(1).map((e, i) => e.at - r.program.timeline[i]!.at));
    expect([...steps]).toEqual([180]);
    expect(r.durationSec).toBe(24 * 3600);
  });
});
