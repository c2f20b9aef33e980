import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Where Koru keeps its database and audio files when not running under Electron (which passes
 * app.getPath('userData') instead). `KORU_DATA_DIR` wins everywhere, so tests and headless boxes
 * can point it anywhere. `platform` and `home` are parameters so every branch can be tested here.
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  const p = platform === 'win32' ? path.win32 : path.posix;
  const set = (v: string | undefined): v is string => typeof v === 'string' && v.trim() !== '';

  if (set(env.KORU_DATA_DIR)) return p.resolve(env.KORU_DATA_DIR);
  if (platform === 'win32') {
    return set(env.APPDATA) ? p.join(env.APPDATA, 'Koru') : p.join(home, 'AppData', 'Roaming', 'Koru');
  }
  if (platform === 'darwin') return p.join(home, 'Library', 'Application Support', 'Koru');
  // XDG base-dir spec: a relative XDG_DATA_HOME is invalid and must be ignored.
  if (set(env.XDG_DATA_HOME) && p.isAbsolute(env.XDG_DATA_HOME)) return p.join(env.XDG_DATA_HOME, 'koru');
  return p.join(home, '.local', 'share', 'koru');
}

/**
 * Create the data folder owner-only (0700), or tighten one made before this version: it holds
 * the database, the voiced audio and the secrets. False when an existing folder could not be
 * tightened (not ours to change); POSIX only in effect.
 */
export function preparePrivateDataDir(dir: string): boolean {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    if ((fs.statSync(dir).mode & 0o777) !== 0o700) fs.chmodSync(dir, 0o700);
    return true;
  } catch {
    return false;
  }
}
