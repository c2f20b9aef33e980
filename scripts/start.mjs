#!/usr/bin/env node
// `npm start`: Electron where its binary exists, otherwise web mode — said in one clear line.
import { existsSync, statSync, readdirSync, readFileSync } from 'node:fs';
import { spawnSync, spawn } from 'node:child_process';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const forceWeb = process.argv.includes('--web');
const portArg = process.argv.find((a) => a.startsWith('--port='));

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

// Build the renderer when it is missing or older than its sources.
const built = join(root, 'dist/renderer/index.html');
if (!existsSync(built) || statSync(built).mtimeMs < newest(join(root, 'renderer'))) {
  console.log('Building the renderer…');
  run('npx', ['vite', 'build', '--logLevel', 'warn']);
}

/** Electron's npm package fetches its binary on first use; we look for it without triggering
 *  that (its failure prints a stack trace), then try the fetch once, quietly. */
function electronBinary() {
  const dir = join(root, 'node_modules/electron');
  const find = () => {
    const pathFile = join(dir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const bin = join(process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(dir, 'dist'), readFileSync(pathFile, 'utf8').trim());
    return existsSync(bin) ? bin : null;
  };
  if (!existsSync(join(dir, 'install.js'))) return null;
  if (find()) return find();
  console.log("Fetching Electron's binary (first run)…");
  spawnSync(process.execPath, [join(dir, 'install.js')], { stdio: 'ignore', timeout: 180_000 });
  return find();
}

const electron = forceWeb ? null : electronBinary();
if (electron) {
  run('npx', ['vite', 'build', '--config', 'vite.main.config.ts', '--logLevel', 'warn']);
  run('npx', ['vite', 'build', '--config', 'vite.main.config.ts', '--mode', 'preload', '--logLevel', 'warn']);
  const child = spawn(electron, [root], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { launchWeb } = await import('../main/web/launch.ts');
  await launchWeb({
    port: portArg ? Number(portArg.split('=')[1]) : 5400,
    announce: (url) =>
      forceWeb
        ? `Koru is running in web mode. Open ${url}`
        : `Electron's binary is not available here (it could not be downloaded), so Koru is running in web mode instead. Open ${url}`,
  });
}
