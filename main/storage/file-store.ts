import fs from 'node:fs';
import path from 'node:path';
import { KoruError } from '../../contract/errors';
import { writeFileAtomic } from './atomic-file';

export interface FileStore {
  /** Absolute, real path of the store's root folder. */
  readonly root: string;
  /** Absolute path of `relative` inside the root; refuses anything that would land outside it. */
  resolve(relative: string): string;
  /** Relative path of a content-addressed file: `ab/abcdef….ext` (lower-case hex hash). */
  contentPath(hash: string, ext: string): string;
  /** Write via temp file + rename in the same folder: readers see the old file or the new, never half. */
  writeAtomic(relative: string, data: string | Uint8Array): string;
  exists(relative: string): boolean;
}

const HASH = /^[0-9a-f]{8,128}$/i;
const EXT = /^[a-z0-9]{1,16}$/i;

function refuse(message: string, relative: unknown): never {
  throw new KoruError('STORAGE', message, { path: relative });
}

function inside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/**
 * The real path of `p`, or of its deepest existing ancestor joined with the rest; null when a
 * dangling symlink is on the way (it could later be made to point anywhere).
 */
function realPathOfExistingPart(p: string): string | null {
  let existing = p;
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(fs.realpathSync(existing), ...rest);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // A dangling symlink also reports ENOENT: treat it as escaping rather than following it later.
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw err;
      if (isSymlink(existing)) return null;
      const parent = path.dirname(existing);
      if (parent === existing) return p;
      rest.unshift(path.basename(existing));
      existing = parent;
    }
  }
}

function isSymlink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

export function createFileStore(rootDir: string): FileStore {
  fs.mkdirSync(rootDir, { recursive: true });
  // Compare against the real root so a root that is itself reached through a symlink still works.
  const root = fs.realpathSync(rootDir);

  function resolve(relative: string): string {
    if (typeof relative !== 'string' || relative.length === 0) refuse('A file path inside the data folder is required.', relative);
    if (relative.includes('\0')) refuse('File path contains a NUL byte.', relative);
    if (path.isAbsolute(relative) || path.win32.isAbsolute(relative)) {
      refuse(`Refusing absolute path ${relative}: files must stay inside the data folder.`, relative);
    }
    const target = path.resolve(root, relative);
    if (!inside(root, target)) refuse(`Refusing path ${relative}: it leads outside the data folder.`, relative);
    // Lexically inside is not enough: a symlink on the way may point elsewhere.
    let real: string | null;
    try {
      real = realPathOfExistingPart(target);
    } catch (err) {
      refuse(`Cannot resolve ${relative}: ${(err as Error).message}`, relative);
    }
    if (real === null || !inside(root, real)) refuse(`Refusing path ${relative}: a symbolic link leads outside the data folder.`, relative);
    return target;
  }

  function contentPath(hash: string, ext: string): string {
    if (typeof hash !== 'string' || !HASH.test(hash)) refuse(`Content hash must be 8–128 hex digits, got ${JSON.stringify(hash)}.`, hash);
    const e = typeof ext === 'string' ? ext.replace(/^\./, '') : '';
    if (!EXT.test(e)) refuse(`File extension must be letters and digits, got ${JSON.stringify(ext)}.`, ext);
    const h = hash.toLowerCase();
    return `${h.slice(0, 2)}/${h}.${e.toLowerCase()}`;
  }

  function writeAtomic(relative: string, data: string | Uint8Array): string {
    const target = resolve(relative);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    // Re-check after creating folders, in case a link appeared meanwhile.
    resolve(relative);
    try {
      writeFileAtomic(target, data);
    } catch (err) {
      const code = ((err as KoruError).details as { code?: string } | undefined)?.code;
      throw new KoruError('STORAGE', `Could not write ${relative}: ${code ?? (err as Error).message}`, { path: relative, code });
    }
    return target;
  }

  return {
    root,
    resolve,
    contentPath,
    writeAtomic,
    exists: (relative) => fs.existsSync(resolve(relative)),
  };
}
