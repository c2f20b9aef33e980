#!/usr/bin/env node
// `npm start`: Electron where its binary exists, otherwise web mode — said in one clear line.
// Both run the built main (dist-main/), rebuilt first when its sources changed; no TypeScript is
// compiled at run time.
import { existsSync, statSync, readdirSync } from 'node:fs';
import { spawnSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { electronBinary } from './electron-binary.mjs';
import { ROOT, ensureMainBuilt } from './main-bundle.mjs';

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

// Build the renderer when it is missing or older than its sources.
const built = join(ROOT, 'dist/renderer/index.html');
if (!existsSync(built) || statSync(built).mtimeMs < newest(join(ROOT, 'renderer'))) {
  console.log('Building the renderer…');
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
await ensureMainBuilt();

const electron = forceWeb ? null : electronBinary({ root: ROOT });
if (electron && 'path' in electron) {
  const child = spawn(electron.path, [ROOT], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  const { launchWeb } = await import('../dist-main/web.js');
  await launchWeb({
    port: portArg ? Number(portArg.split('=')[1]) : 5400,
    announce: (url) => (electron ? `${electron.why}, so Koru is running in web mode instead. Open ${url}` : `Koru is running in web mode. Open ${url}`),
  });
}
