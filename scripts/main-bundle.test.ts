import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { mainBundleState } from './main-bundle.mjs';

const repo = fileURLToPath(new URL('..', import.meta.url));
const roots: string[] = [];
afterEach(() => roots.splice(0).forEach((r) => rmSync(r, { recursive: true, force: true })));

/** A source checkout in miniature: bin/koru.mjs and scripts/main-bundle.mjs as they are, one
 *  source file, and optionally a dist-main/ built from it `builtAt` (ms since the epoch). */
function checkout(opts: { builtAt?: number; sources?: boolean } = {}) {
  const root = mkdtempSync(join(tmpdir(), 'koru-bundle-'));
  roots.push(root);
  for (const f of ['bin/koru.mjs', 'scripts/main-bundle.mjs']) {
    mkdirSync(join(root, f, '..'), { recursive: true });
    copyFileSync(join(repo, f), join(root, f));
  }
  const source = join(root, 'main/cli/index.ts');
  if (opts.sources !== false) {
    mkdirSync(join(root, 'main/cli'), { recursive: true });
    writeFileSync(source, '');
    utimesSync(source, new Date(1_000_000), new Date(1_000_000));
  }
  if (opts.builtAt !== undefined) {
    mkdirSync(join(root, 'dist-main'));
    for (const pass of ['main', 'preload'])
      writeFileSync(join(root, 'dist-main', `${pass}.inputs.json`), JSON.stringify({ startedAt: opts.builtAt, inputs: ['main/cli/index.ts'] }));
    // A stand-in for the bundle: says it ran and how it was called.
    writeFileSync(join(root, 'dist-main/cli.js'), 'export async function main(argv) { console.log(`bundle ran ${argv.join(" ")}`); return 3; }\n');
  }
  const koru = (...args: string[]) => spawnSync(process.execPath, [join(root, 'bin/koru.mjs'), ...args], { encoding: 'utf8' });
  return { root, koru };
}

describe('bin/koru.mjs runs the built bundle, or says what to run', () => {
  it('missing: exit 1 naming the command that builds it', () => {
    const { root, koru } = checkout();
    expect(mainBundleState(root)).toEqual({ state: 'missing' });
    const r = koru('--version');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/is not built; run `npm run build:main` in .+ first/);
    expect(r.stdout).toBe('');
  });

  it('stale: exit 1 naming the source that changed since the build', () => {
    const { root, koru } = checkout({ builtAt: 500_000 });
    expect(mainBundleState(root)).toEqual({ state: 'stale', file: 'main/cli/index.ts' });
    const r = koru('render');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/is older than its sources \(main\/cli\/index\.ts changed\); run `npm run build:main`/);
  });

  it('a source deleted since the build also counts as stale', () => {
    const { root } = checkout({ builtAt: 2_000_000 });
    rmSync(join(root, 'main/cli/index.ts'));
    expect(mainBundleState(root)).toEqual({ state: 'stale', file: 'main/cli/index.ts' });
  });

  it('fresh: runs the bundle with the arguments and its exit code', () => {
    const { root, koru } = checkout({ builtAt: 2_000_000 });
    expect(mainBundleState(root)).toEqual({ state: 'fresh' });
    const r = koru('render', '-o', 'x.wav');
    expect(r.stdout).toBe('bundle ran render -o x.wav\n');
    expect(r.status).toBe(3);
  });

  it('outside a source checkout (no main/), a present bundle is taken as it is', () => {
    const { root } = checkout({ builtAt: 0, sources: false });
    expect(mainBundleState(root)).toEqual({ state: 'fresh' });
  });
});
