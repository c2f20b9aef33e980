// Where Electron's binary is, or why there is none, for `npm start`. Electron's npm package
// downloads the binary on first use (its postinstall is denied in package.json's allowScripts, so
// installs stay offline-safe). The download is attempted once per Electron version; a failure is
// remembered in a marker file, so later starts only look and never wait on the network again.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join, relative } from 'node:path';

/** @returns {{ path: string } | { why: string }} `why` completes "…, so Koru is running in web mode". */
export function electronBinary({ root, env = process.env, log = (line) => console.log(line), timeoutMs = 180_000 }) {
  const dir = join(root, 'node_modules/electron');
  let version;
  try {
    version = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
  } catch {
    return { why: "Electron's npm package is not installed" };
  }
  const find = () => {
    const pathFile = join(dir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const bin = join(env.ELECTRON_OVERRIDE_DIST_PATH ?? join(dir, 'dist'), readFileSync(pathFile, 'utf8').trim());
    return existsSync(bin) ? bin : null;
  };
  const found = find();
  if (found) return { path: found };

  const marker = join(root, 'node_modules/.cache/koru', `electron-${version}.download-failed`);
  const retry = `delete ${relative(root, marker)} to try again`;
  if (existsSync(marker)) return { why: `Electron ${version} is unavailable here (its binary could not be downloaded; ${retry})` };

  log(`Fetching Electron ${version}'s binary (first run)…`);
  const r = spawnSync(process.execPath, [join(dir, 'install.js')], { cwd: dir, env, stdio: 'ignore', timeout: timeoutMs });
  const fetched = find();
  if (fetched) return { path: fetched };
  mkdirSync(dirname(marker), { recursive: true });
  writeFileSync(marker, `${new Date().toISOString()}: install.js ended with ${r.error?.code ?? r.signal ?? `exit ${r.status}`}\n`);
  return { why: `Electron ${version}'s binary could not be downloaded (${retry})` };
}
