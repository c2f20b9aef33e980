// The built `koru` (bin/koru.mjs → dist-main/cli.js), run in its own process as users run it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { version } from '../../package.json';
import { MAIN_DIR, ROOT } from '../../scripts/main-bundle.mjs';
import { builtKoru, runKoru, staticClosure, type KoruRun } from './testing';
import { ALSA_CAPTURE_CONF } from '../../test/integration/fixtures/capture-session';

const dir = mkdtempSync(join(tmpdir(), 'koru-bundle-cli-'));
beforeAll(builtKoru, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CLI = pathToFileURL(join(MAIN_DIR, 'cli.js')).href;
const portAudioLoaded = (r: KoruRun) => r.libraries.filter((l) => /naudiodon|portaudio/i.test(l));
const fromNodeModules = (r: KoruRun) => r.modules.filter((m) => m.includes('/node_modules/'));

describe('koru starts light', () => {
  it.each([['--version'], ['--help']])('%s loads cli.js and its static imports only: no command, no npm package', (flag) => {
    const r = runKoru([flag]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(flag === '--version' ? version : 'Commands:');
    expect(r.modules).toContain(CLI);
    const atStart = staticClosure(CLI);
    expect(r.modules.filter((m) => m.includes('/dist-main/') && !atStart.has(m))).toEqual([]);
    expect(fromNodeModules(r)).toEqual([]);
  });

  it('a command loads its own code on top (what the check above would catch)', () => {
    const r = runKoru(['render', '-i', 'pink/40', '-L', '1', '-o', join(dir, 'light.wav')]);
    expect(r.status).toBe(0);
    const atStart = staticClosure(CLI);
    expect(r.modules.filter((m) => m.includes('/dist-main/') && !atStart.has(m)).length).toBeGreaterThan(0);
  });
});

describe('PortAudio (naudiodon) loads only in the audio engine, for play and devices', () => {
  it.each([
    ['render', ['render', '-i', 'pink/40 200+10/20', '-L', '2', '-o', 'tone.wav']],
    ['amp ports', ['amp', 'ports']],
    ['ritual with bad input', ['ritual', '--intention', 'rest', '--minutes', '500', '-o', 'r.wav', '--data-dir', '.']],
    ['--help', ['--help']],
  ])('%s: no naudiodon or libportaudio in the process, no ALSA/PortAudio lines', (_name, args) => {
    const cwd = join(dir, `pa-${args[0]}`);
    mkdirSync(cwd, { recursive: true });
    const r = runKoru(args, { cwd });
    expect(r.libraries.length).toBeGreaterThan(0); // the probe saw the process's libraries
    expect(portAudioLoaded(r)).toEqual([]);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/ALSA lib|PortAudio|portaudio/i);
  });

  it.each([
    ['devices', ['devices']],
    ['play', ['play', '-i', '200+10/20', '-L', '00:00:01']],
  ])('koru %s asks the engine process: PortAudio loads there, and none of its lines reach the terminal', (_name, args) => {
    const r = runKoru(args, { env: { ...process.env, ALSA_CONFIG_PATH: ALSA_CAPTURE_CONF, KORU_ALSA_CAPTURE: join(dir, 'capture.wav') } });
    expect(r.status).toBe(0);
    expect(portAudioLoaded(r)).toEqual([]);
    const engine = r.children.find((c) => c.script.endsWith('/dist-main/audio-host.js'));
    expect(engine && portAudioLoaded({ ...r, libraries: engine.libraries }).length).toBeGreaterThan(0); // what the checks above would catch
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/ALSA lib|PortAudio|portaudio|Output device name|Finishing output/i);
  });
});

describe('clean output', () => {
  it('an unknown option is named as such (exit 2), even when a required one is missing too', () => {
    const r = runKoru(['render', '--frobnicate']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^koru: unknown option '--frobnicate'$/m);
    expect(r.stderr).not.toMatch(/required option/);
    expect(r.stderr).toContain('`koru render --help` lists its options');
  });

  it('a missing required option is named (exit 2)', () => {
    const r = runKoru(['render', '-i', 'pink/40', '-L', '1']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^koru: required option '-o, --output <file>' not specified$/m);
  });

  it('an unknown output extension is refused, naming the supported ones, and nothing is written', () => {
    const out = join(dir, 'ogg');
    mkdirSync(out);
    const r = runKoru(['render', '-i', 'pink/40', '-L', '1', '-o', join(out, 'x.ogg')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/x\.ogg: the output file must end in \.wav or \.mp3/);
    expect(readdirSync(out)).toEqual([]);
  });

  it('--mp3 with a .wav name is refused rather than writing MP3 into a .wav', () => {
    const r = runKoru(['render', '-i', 'pink/40', '-L', '1', '--mp3', '-o', join(dir, 'mp3.wav')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--mp3 asks for MP3/);
    expect(existsSync(join(dir, 'mp3.wav'))).toBe(false);
  });

  it('koru amp ports exits 1 when the ports cannot be listed (udevadm missing)', () => {
    const emptyPath = join(dir, 'no-tools');
    mkdirSync(emptyPath, { recursive: true });
    const env = { ...process.env, PATH: emptyPath };
    const text = runKoru(['amp', 'ports'], { env });
    expect(text.status).toBe(1);
    expect(text.stderr).toMatch(/^koru: cannot list serial ports: udevadm is missing/m);
    const json = runKoru(['amp', 'ports', '--json'], { env });
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ ports: [], error: expect.stringMatching(/udevadm/) });
  });

  it('a good render writes the file and exits 0', () => {
    const out = join(dir, 'ok.mp3');
    const r = runKoru(['render', '-i', 'pink/40', '-L', '2', '-o', out]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/wrote .*ok\.mp3/);
    expect(statSync(out).size).toBeGreaterThan(10_000);
  });
});

describe('koru ritual', () => {
  it('exits on its own once the file is written (no idle worker keeps it alive)', () => {
    const out = join(dir, 'ritual.wav');
    // No provider keys in the environment: the offline writer and voice are used.
    const args = ['ritual', '--intention', 'I want to reduce stress before sleep', '--minutes', '1', '--focus', 'breathing', '-o', out, '--data-dir', dir];
    const r = runKoru(args, { env: { PATH: process.env.PATH, HOME: dir }, timeoutMs: 90_000 });
    expect(r.signal, `killed by the timeout; stderr:\n${r.stderr}`).toBeNull();
    expect(r.status).toBe(0);
    expect(statSync(out).size).toBeGreaterThan(1_000_000);
    expect(portAudioLoaded(r)).toEqual([]);
  }, 120_000);
});

describe('dist-main/web.js (npm start, npm run web)', () => {
  it('looks for the renderer in the checkout, not relative to where its source file was', () => {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', `console.log((await import(${JSON.stringify(pathToFileURL(join(MAIN_DIR, 'web.js')).href)})).RENDERER_DIR)`], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(join(ROOT, 'dist/renderer'));
  });
});

describe('URLs out of the sources (resources/, dist/) point to the same place once built', () => {
  it('each one in dist-main/ resolves where its source file said, a folder with its closing slash', () => {
    const pattern = /new URL\((['"])(\.\.\/[^'"]*)\1,\s*import\.meta\.url\)/g;
    const { inputs } = JSON.parse(readFileSync(join(MAIN_DIR, 'main.inputs.json'), 'utf8')) as { inputs: string[] };
    const wanted = new Set<string>();
    for (const file of inputs.filter((f) => /^(main|contract)\/.*\.ts$/.test(f)).map((f) => join(ROOT, f))) {
      for (const [, , rel] of readFileSync(file, 'utf8').matchAll(pattern)) {
        const target = new URL(rel!, pathToFileURL(file)).href;
        if (!target.startsWith(pathToFileURL(join(ROOT, 'main')).href) && !target.startsWith(pathToFileURL(join(ROOT, 'contract')).href)) wanted.add(target);
      }
    }
    expect(wanted.size).toBeGreaterThan(0);
    const built = new Set<string>();
    for (const chunk of readdirSync(MAIN_DIR).filter((f) => f.endsWith('.js'))) {
      for (const [, , rel] of readFileSync(join(MAIN_DIR, chunk), 'utf8').matchAll(pattern)) built.add(new URL(rel!, pathToFileURL(join(MAIN_DIR, chunk))).href);
    }
    expect([...wanted].filter((u) => !built.has(u))).toEqual([]);
  });
});

describe('dist-main/electron.js and preload.cjs (the same build) link and start', () => {
  // Electron's binary cannot run here: a stand-in `electron` module that must provide every name
  // the bundle imports (or linking fails) and plays a second instance, which quits at once.
  const stub = `export const app = { requestSingleInstanceLock: () => false, quit: () => console.log('quit') };
    export const protocol = { registerSchemesAsPrivileged: (s) => console.log('schemes', s.map((x) => x.scheme).join()) };
    export const BrowserWindow = class {}, dialog = {}, ipcMain = {}, safeStorage = {}, shell = {};`;
  const hooks = `export async function resolve(s, c, next) {
    return s === 'electron' ? { url: 'data:text/javascript,' + encodeURIComponent(${JSON.stringify(stub)}), shortCircuit: true } : next(s, c);
  }`;
  const register = `import { register } from 'node:module'; register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hooks)}));`;

  it('the main process evaluates every chunk it imports, registers koru://, and quits as a second instance', () => {
    const r = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(register)}`, join(MAIN_DIR, 'electron.js')], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('schemes koru\nquit\n');
    expect(r.status).toBe(0);
  });

  it('the preload is one CommonJS file needing only electron, and exposes the bridge', () => {
    // A sandboxed preload gets no Node modules: anything but electron is refused here.
    const preload = JSON.stringify(join(MAIN_DIR, 'preload.cjs'));
    const run = `const Module = require('node:module'); const load = Module._load;
      const electron = { contextBridge: { exposeInMainWorld: (k, v) => console.log(k, Object.keys(v).join()) }, ipcRenderer: {} };
      Module._load = (req, ...rest) => {
        if (req === 'electron') return electron;
        if (req === ${preload}) return load(req, ...rest);
        throw new Error('the preload required ' + req);
      };
      require(${preload});`;
    const r = spawnSync(process.execPath, ['-e', run], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('koru invoke,on\n');
  });
});
