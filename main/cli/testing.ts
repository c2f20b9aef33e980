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
  /** Files the run's module loader resolved: `file:` URLs. */
  modules: string[];
  /** Native libraries (.node, .so) mapped into the process when it exited. */
  libraries: string[];
}

/** One `koru …` in a fresh process, with the load probe watching what it loads. */
export function runKoru(args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): KoruRun {
  const dir = mkdtempSync(join(tmpdir(), 'koru-probe-'));
  const log = join(dir, 'loaded.txt');
  try {
    const r = spawnSync(process.execPath, ['--import', PROBE, KORU_BIN, ...args], {
      encoding: 'utf8',
      cwd: opts.cwd,
      timeout: opts.timeoutMs ?? 60_000,
      env: { ...(opts.env ?? process.env), KORU_LOAD_PROBE: log },
    });
    let lines: string[] = [];
    try {
      lines = readFileSync(log, 'utf8').split('\n');
    } catch {
      // the process died before it loaded anything
    }
    const pick = (kind: string) => [...new Set(lines.filter((l) => l.startsWith(`${kind} `)).map((l) => l.slice(kind.length + 1)))];
    return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, modules: pick('module'), libraries: pick('library') };
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
