#!/usr/bin/env node
// `npm start`: Electron where its binary exists, otherwise web mode — said in one clear line.
import { existsSync, statSync, readdirSync } from 'node:fs';
import { spawnSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
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

function electronBinary() {
  try {
    // The electron package exports the binary's path, and throws when the download never happened.
    const p = createRequire(import.meta.url)('electron');
    return typeof p === 'string' && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

const electron = forceWeb ? null : electronBinary();
if (electron) {
  run('npx', ['vite', 'build', '--config', 'vite.main.config.ts', '--logLevel', 'warn']);
  run('npx', ['vite', 'build', '--config', 'vite.main.config.ts', '--mode', 'preload', '--logLevel', 'warn']);
  const child = spawn(electron, [root], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  if (!forceWeb) console.log('Electron is not available on this machine (its binary was never downloaded), so Koru starts in web mode instead.');
  const { register } = await import('tsx/esm/api');
  register();
  const { launchWeb } = await import('../main/web/launch.ts');
  await launchWeb({ port: portArg ? Number(portArg.split('=')[1]) : 5400 });
}
