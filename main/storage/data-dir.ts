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
