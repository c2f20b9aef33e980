#!/usr/bin/env node
// The built main (dist-main/, from vite.main.config.ts): whether it is there and up to date, and
// building it. `node scripts/main-bundle.mjs [--quiet]` builds it (`npm run build:main`); `--prepare` is
// npm's prepare after every install: quiet, and a no-op where the dev dependencies (vite) were
// left out. Checking costs a few stats; vite is imported only to build.
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = dirname(fileURLToPath(new URL('../package.json', import.meta.url)));
export const MAIN_DIR = join(ROOT, 'dist-main');
export const BUILD_COMMAND = 'npm run build:main';
/** Each pass of vite.main.config.ts records its inputs in dist-main/<pass>.inputs.json. */
const PASSES = [
  { pass: 'main', mode: undefined },
  { pass: 'preload', mode: 'preload' },
];

/** 'fresh', 'missing', or 'stale' with the first source changed since the build. Outside a
 *  source checkout (no main/ folder) there is nothing to compare against: present is fresh. */
export function mainBundleState(root = ROOT) {
  const sourceCheckout = exists(join(root, 'main'));
  for (const { pass } of PASSES) {
    let manifest;
    try {
      manifest = JSON.parse(readFileSync(join(root, 'dist-main', `${pass}.inputs.json`), 'utf8'));
    } catch {
      return { state: 'missing' };
    }
    if (!sourceCheckout) continue;
    for (const file of manifest.inputs) {
      const mtime = mtimeOf(join(root, file));
      if (mtime === null || mtime > manifest.startedAt) return { state: 'stale', file };
    }
  }
  return { state: 'fresh' };
}

/** Both passes, in order (the first empties dist-main/). */
export async function buildMain({ logLevel = 'warn' } = {}) {
  const { build } = await import('vite');
  for (const { mode } of PASSES) await build({ root: ROOT, configFile: join(ROOT, 'vite.main.config.ts'), mode, logLevel });
}

/** Build unless fresh; says why in one line when it builds. */
export async function ensureMainBuilt(log = (line) => console.log(line)) {
  const s = mainBundleState();
  if (s.state === 'fresh') return;
  log(s.state === 'missing' ? 'Building main (dist-main/)…' : `Rebuilding main (dist-main/): ${s.file} changed…`);
  await buildMain();
}

function mtimeOf(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return null;
  }
}

function exists(path) {
  return mtimeOf(path) !== null;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const prepare = process.argv.includes('--prepare');
  try {
    await buildMain({ logLevel: prepare || process.argv.includes('--quiet') ? 'warn' : 'info' });
  } catch (e) {
    if (!(prepare && e?.code === 'ERR_MODULE_NOT_FOUND' && /'vite'/.test(e.message))) throw e;
    console.log(`dist-main/ not built: vite is not installed (dev dependencies omitted); \`${BUILD_COMMAND}\` needs them.`);
  }
}
