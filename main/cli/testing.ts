/** Running the built `koru` (bin/koru.mjs → dist-main/cli.js) as a user does, for the CLI tests. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureMainBuilt } from '../../scripts/main-bundle.mjs';

export const KORU_BIN = fileURLToPath(new URL('../../bin/koru.mjs', import.meta.url));
const PROBE = fileURLToPath(new URL('./load-probe.mjs', import.meta.url));

/** Builds dist-main/ unless it is up to date (`npm test` has built it already). */
export const builtKoru = () => ensureMainBuilt(() => undefined);

export interface KoruRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Files the command's module loader resolved: `file:` URLs. */
  modules: string[];
  /** Native libraries (.node, .so) mapped into the command's process when it exited. */
  libraries: string[];
  /** Node processes the command started (the audio engine's), with what each loaded. */
  children: { script: string; modules: string[]; libraries: string[] }[];
}

/** One `koru …` in a fresh process, with the load probe watching what it loads. */
export function runKoru(args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): KoruRun {
  const dir = mkdtempSync(join(tmpdir(), 'koru-probe-'));
  const log = join(dir, 'loaded.txt');
  try {
    // Through NODE_OPTIONS, so the processes the command starts carry the probe too.
    const env = opts.env ?? process.env;
    const r = spawnSync(process.execPath, [KORU_BIN, ...args], {
      encoding: 'utf8',
      cwd: opts.cwd,
      timeout: opts.timeoutMs ?? 60_000,
      env: { ...env, NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --import=${PROBE}`.trim(), KORU_LOAD_PROBE: log },
    });
    let lines: string[] = [];
    try {
      lines = readFileSync(log, 'utf8').split('\n');
    } catch {
      // the process died before it loaded anything
    }
    const parsed = lines.map((l) => /^(\w+) (\d+) (.*)$/.exec(l)).filter((m) => m !== null);
    const pick = (kind: string, pid: string) => [...new Set(parsed.filter((m) => m[1] === kind && m[2] === pid).map((m) => m[3]!))];
    const scripts = parsed.filter((m) => m[1] === 'script');
    const root = scripts.find((m) => m[3] === KORU_BIN)?.[2] ?? '';
    const children = scripts.filter((m) => m[2] !== root).map((m) => ({ script: m[3]!, modules: pick('module', m[2]!), libraries: pick('library', m[2]!) }));
    return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, modules: pick('module', root), libraries: pick('library', root), children };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** dist-main files a bundle file imports statically (`from "./x.js"`), and theirs: what loading it
 *  costs before any command's dynamic import. */
export function staticClosure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = readFileSync(fileURLToPath(file), 'utf8');
  for (const m of code.matchAll(/^import (?:[^;]*? from )?"(\.\/[^"]+)";$/gm)) staticClosure(new URL(m[1]!, file).href, seen);
  return seen;
}
