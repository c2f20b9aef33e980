import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** 16-256 URL-safe characters: what the server accepts and a stored token must be. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,256}$/;
export const TOKEN_FILE = 'web-token';

export const newToken = () => randomBytes(32).toString('base64url');

/**
 * Web mode's access token, kept in the data folder (mode 0600) so a bookmarked link still works
 * after a restart. `rotate` replaces it: every link handed out before stops working.
 */
export function loadToken(dataDir: string, { rotate = false }: { rotate?: boolean } = {}): string {
  const path = join(dataDir, TOKEN_FILE);
  if (!rotate) {
    try {
      const stored = readFileSync(path, 'utf8').trim();
      if (TOKEN_PATTERN.test(stored)) {
        // Someone loosened it (a copy, a restore): only the owner may read it.
        if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
        return stored;
      }
    } catch {
      // none yet, or unreadable: make one
    }
  }
  const token = newToken();
  mkdirSync(dataDir, { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, `${token}\n`, { mode: 0o600, flag: 'w' });
    renameSync(tmp, path);
  } finally {
    rmSync(tmp, { force: true });
  }
  return token;
}
