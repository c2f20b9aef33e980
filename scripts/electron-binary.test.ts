import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { electronBinary } from './electron-binary.mjs';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach((r) => rmSync(r, { recursive: true, force: true })));

/** An install.js that counts its runs, then acts like a download that works (writes the binary
 *  and path.txt, as Electron's does) or fails (exit 1). */
function installScript(download: 'works' | 'fails'): string {
  const works = `fs.mkdirSync('dist'); fs.writeFileSync('dist/electron', ''); fs.writeFileSync('path.txt', 'electron');`;
  return `const fs = require('fs'); fs.appendFileSync('runs', 'x'); ${download === 'works' ? works : 'process.exit(1);'}`;
}

/** A checkout with node_modules/electron and that install.js. */
function checkout(download: 'works' | 'fails') {
  const root = mkdtempSync(join(tmpdir(), 'koru-electron-'));
  roots.push(root);
  const dir = join(root, 'node_modules/electron');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'electron', version: '39.8.10' }));
  writeFileSync(join(dir, 'install.js'), installScript(download));
  const runs = () => (existsSync(join(dir, 'runs')) ? readFileSync(join(dir, 'runs'), 'utf8').length : 0);
  return { root, dir, runs };
}

describe("npm start's Electron check", () => {
  it('a failed download is attempted once: later starts only look, and say why in one line', () => {
    const { root, runs } = checkout('fails');
    const said: string[] = [];
    const first = electronBinary({ root, env: {}, log: (l) => said.push(l) });
    expect(first).toEqual({ why: expect.stringMatching(/^Electron 39\.8\.10's binary could not be downloaded \(delete node_modules\/\.cache\/koru\/\S+ to try again\)$/) });
    expect(said).toEqual(["Fetching Electron 39.8.10's binary (first run)…"]);
    expect(runs()).toBe(1);

    said.length = 0;
    for (let i = 0; i < 2; i++) {
      expect(electronBinary({ root, env: {}, log: (l) => said.push(l) })).toEqual({ why: expect.stringMatching(/^Electron 39\.8\.10 is unavailable here/) });
    }
    expect(said).toEqual([]); // no "Fetching…" claim when it only checks
    expect(runs()).toBe(1);
  });

  it('deleting the marker tries again; a download that works gives the binary, and then no fetch', () => {
    const { root, dir, runs } = checkout('fails');
    electronBinary({ root, env: {}, log: () => undefined });
    rmSync(join(root, 'node_modules/.cache/koru'), { recursive: true });
    writeFileSync(join(dir, 'install.js'), installScript('works'));
    expect(electronBinary({ root, env: {}, log: () => undefined })).toEqual({ path: join(dir, 'dist/electron') });
    const said: string[] = [];
    expect(electronBinary({ root, env: {}, log: (l) => said.push(l) })).toEqual({ path: join(dir, 'dist/electron') });
    expect(said).toEqual([]);
    expect(runs()).toBe(2);
  });

  it('without the npm package, it says so without trying anything', () => {
    const root = mkdtempSync(join(tmpdir(), 'koru-electron-'));
    roots.push(root);
    expect(electronBinary({ root, env: {}, log: () => undefined })).toEqual({ why: "Electron's npm package is not installed" });
  });
});
