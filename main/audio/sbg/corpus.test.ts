import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KoruError } from '../../../contract/errors';
import { Program } from '../../../contract/program';
import { parseSbg } from './index';

// The SBaGen+ example corpus lives beside the checkout (see its README); it is never copied in.
const here = path.dirname(fileURLToPath(import.meta.url));
const CORPUS = path.resolve(here, '../../../../shared/sbg-examples');

/** Features Koru refuses on purpose, and the text in a file that shows the feature is used. */
const DELIBERATE: { reason: RegExp; evidence: RegExp }[] = [
  { reason: /"-p" pre-programmed sequences/, evidence: /^\s*-.*-p\s/m },
  { reason: /"mix\/" is not supported/, evidence: /\bmix\/\d/ },
  { reason: /"(b|w)?spin:" voices are not supported/, evidence: /\b[bw]?spin:/ },
];

function walk(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return walk(p);
    return name.endsWith('.sbg') ? [p] : [];
  });
}

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

/** "line 7, col 13: "spin:" voices are not supported" → "spin: voices are not supported". */
const reasonOf = (e: KoruError) =>
  e.message.replace(/^line \d+, col \d+: /, '').replace(/\(in block .*\)$/, '').replace(/"/g, '').replace(/\d+(\.\d+)?/g, 'N');

describe('SBaGen corpus (../shared/sbg-examples)', () => {
  const present = existsSync(CORPUS);
  const outcomes = present ? importAll() : [];

  it('has the corpus checked out beside the project', () => {
    expect(present, `SBaGen corpus missing at ${CORPUS}: CI keeps ../shared/sbg-examples beside the checkout`).toBe(true);
    expect(outcomes.length).toBeGreaterThan(100);
  });

  it('imports every file or refuses it with a PARSE_ERROR naming line and column', () => {
    const refused = outcomes.filter((o): o is Extract<Outcome, { ok: false }> => !o.ok);
    for (const o of refused) {
      expect(o.error.code, o.file).toBe('PARSE_ERROR');
      expect(o.error.message, o.file).toMatch(/^line \d+, col \d+: /);
      expect(o.error.details, o.file).toMatchObject({ line: expect.any(Number), column: expect.any(Number) });
    }
    const groups = new Map<string, string[]>();
    for (const o of refused) groups.set(reasonOf(o.error), [...(groups.get(reasonOf(o.error)) ?? []), o.file]);
    const parsed = outcomes.length - refused.length;
    console.log(
      [`SBaGen corpus: parsed ${parsed} / refused ${refused.length} of ${outcomes.length}`,
        ...[...groups].sort((a, b) => b[1].length - a[1].length).map(([why, files]) => `  ${files.length} × ${why}: ${files.join(', ')}`),
      ].join('\n'),
    );
    expect(outcomes.length).toBeGreaterThan(0);
    expect(parsed / outcomes.length).toBeGreaterThanOrEqual(0.6);
  });

  it('imports every plain file in basics/ except deliberately refused features', () => {
    const basics = outcomes.filter((o) => o.file.startsWith(`basics${path.sep}`));
    expect(basics.length).toBeGreaterThan(0);
    for (const o of basics) {
      if (o.ok) continue;
      const rule = DELIBERATE.find((d) => d.reason.test(o.error.message));
      expect(rule, `${o.file}: ${o.error.message}`).toBeDefined();
      // The refusal must be about a feature the file really uses.
      expect(rule!.evidence.test(o.text), `${o.file} refused for a feature it does not use`).toBe(true);
    }
    // The plain tone-set files (no -p, mix or spin) all import.
    const plain = basics.filter((o) => !DELIBERATE.some((d) => d.evidence.test(o.text)));
    expect(plain.length).toBeGreaterThanOrEqual(9);
    expect(plain.filter((o) => !o.ok).map((o) => o.file)).toEqual([]);
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
