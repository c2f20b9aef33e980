import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureFiles, SECRET_MARKER, writeFiles } from '../source/testing';
import { analyze, type Analysis } from './analyze';
import { focusTerms, pack } from './pack';
import { countTokens } from './tokens';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'koru-pack-'));
let atlas: Analysis;
let big: Analysis;
const BUDGET = 8_000;

/** A repository of many modules importing each other, about 12× BUDGET in tokens. */
function generated(dir: string): void {
  const files: Record<string, string> = { 'README.md': '# Big\n\nA generated repository.\n', 'package.json': JSON.stringify({ name: 'big', main: 'src/index.ts' }) };
  const words = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'theta', 'kappa'];
  for (let i = 0; i < 120; i++) {
    const imports = i > 0 ? `import { f${i - 1} } from './m${i - 1}';\nimport { f0 } from './m0';\n` : '';
    const body = Array.from({ length: 70 }, (_, j) => `  const v${j} = '${words[(i + j) % 8]} ${i * j}';`).join('\n');
    files[`src/m${i}.ts`] = `${imports}export function f${i}(): string {\n${body}\n  return v0 + v69;\n}\n`;
  }
  files['src/index.ts'] = "export { f0 } from './m0';\n";
  files['.gitignore'] = 'ignored/\n';
  files['ignored/huge.ts'] = `// ${SECRET_MARKER}\n`.repeat(100);
  writeFiles(dir, files);
}

beforeAll(async () => {
  writeFiles(path.join(work, 'atlas'), fixtureFiles());
  atlas = await analyze(path.join(work, 'atlas'));
  generated(path.join(work, 'big'));
  big = await analyze(path.join(work, 'big'));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('packing for the LLM', () => {
  it('ignored, binary, vendored, generated and lock files never reach the prompt', async () => {
    const p = await pack(atlas, { budget: 1_000_000 });
    expect(p.text).not.toContain(SECRET_MARKER);
    expect(p.omitted).toBe(0);
    expect(p.files.length).toBe(atlas.files.length); // everything the analysis kept, and only that
    expect(p.text).toContain('## packages/core/src/router.ts');
  });

  it('a repository 10× larger than the budget: counted, never over it', async () => {
    expect(big.totals.tokens).toBeGreaterThan(10 * BUDGET);
    const p = await pack(big, { budget: BUDGET });
    expect(p.tokens).toBe(countTokens(p.text)); // the figure is the text's own count
    expect(p.tokens).toBeLessThanOrEqual(BUDGET);
    expect(p.tokens).toBeGreaterThan(BUDGET * 0.9); // and the budget is used, not wasted
    expect(p.omitted).toBeGreaterThan(0);
    expect(p.text).not.toContain(SECRET_MARKER);
    for (const budget of [1, 20, 150, 600, 2_500]) {
      const q = await pack(big, { budget });
      expect(countTokens(q.text), `budget ${budget}`).toBeLessThanOrEqual(budget);
    }
  });

  it('priority: README, manifests, entry points, focus, then centrality', async () => {
    const p = await pack(big, { budget: BUDGET });
    expect(p.files.slice(0, 3).map((f) => [f.path, f.reason])).toEqual([
      ['README.md', 'readme'],
      ['package.json', 'manifest'],
      ['src/index.ts', 'entry'],
    ]);
    // m0 is imported by every module: the most central file comes next.
    expect(p.files[3]).toMatchObject({ path: 'src/m0.ts', reason: 'central' });
    const order = p.text.indexOf('## README.md') < p.text.indexOf('## package.json') && p.text.indexOf('## package.json') < p.text.indexOf('## src/m0.ts');
    expect(order).toBe(true);

    const focused = await pack(atlas, { budget: 1_500, focus: ['the routing system'] });
    const reasons = Object.fromEntries(focused.files.map((f) => [f.path, f.reason]));
    expect(reasons['README.md']).toBe('readme');
    expect(reasons['packages/core/src/router.ts']).toBe('focus'); // its text says "routing"
    expect(focused.tokens).toBeLessThanOrEqual(1_500);
  });

  it('the file tree goes first, within its share', async () => {
    const p = await pack(atlas, { budget: 4_000 });
    expect(p.treeLines).toBe(atlas.tree.split('\n').length);
    expect(p.text.indexOf('## Files')).toBeLessThan(p.text.indexOf('## README.md'));
    const tight = await pack(big, { budget: 1_000 });
    expect(tight.treeLines).toBeLessThan(big.tree.split('\n').length);
    expect(countTokens(tight.text.slice(0, tight.text.indexOf('\n## README.md')))).toBeLessThanOrEqual(1_000 * 0.1 + 60);
  });

  it('focus areas become terms', () => {
    expect(focusTerms(['The routing system', 'auth/login', 'UI'])).toEqual(['routing', 'auth', 'login']);
  });
});
