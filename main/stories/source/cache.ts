/**
 * Fetched repositories, cached in the data folder by URL + commit: `<root>/<url key>/<commit>/`
 * holds the files (no .git), `<commit>.json` what is known about it. A commit is fetched into a
 * `.partial-<pid>-…` folder beside its final place and renamed in only when complete, so a crash
 * never leaves a half tree under a commit's name; partials of dead processes are removed when
 * the cache opens. The same commit is never fetched twice.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { RepoMetadata } from '../../../contract/stories';
import { writeFileAtomic } from '../../storage';

export interface CachedSource {
  dir: string;
  url: string;
  commit: string;
  ref: string | null;
  via: 'git' | 'tarball';
  fetchedAt: string;
  metadata: RepoMetadata | null;
}

const PARTIAL = /^\.partial-(\d+)-[0-9a-f]+$/;
const COMMIT = /^[0-9a-f]{40}$/;

/** One name per repository however it is spelled: scheme and host lower-cased, no trailing
 *  slash or `.git`. */
export function cacheKey(url: string): string {
  const u = new URL(url);
  const p = u.pathname.replace(/\/+$/, '').replace(/\.git$/, '');
  return `${u.protocol}//${u.host.toLowerCase()}${p}`;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

export function createSourceCache(root: string) {
  const folderOf = (url: string) => path.join(root, createHash('sha256').update(cacheKey(url)).digest('hex').slice(0, 24));

  // Partials a crashed fetch left behind.
  if (fs.existsSync(root)) {
    for (const repo of fs.readdirSync(root)) {
      const d = path.join(root, repo);
      for (const name of fs.existsSync(d) && fs.statSync(d).isDirectory() ? fs.readdirSync(d) : []) {
        const m = PARTIAL.exec(name);
        if (m && !alive(Number(m[1]))) fs.rmSync(path.join(d, name), { recursive: true, force: true });
      }
    }
  }

  return {
    root,
    lookup(url: string, commit: string): CachedSource | null {
      if (!COMMIT.test(commit)) return null;
      const base = folderOf(url);
      const dir = path.join(base, commit);
      try {
        const meta = JSON.parse(fs.readFileSync(path.join(base, `${commit}.json`), 'utf8')) as Omit<CachedSource, 'dir'>;
        if (!fs.statSync(dir).isDirectory()) return null;
        const metadata = meta.metadata === null ? null : RepoMetadata.safeParse(meta.metadata).data ?? null;
        return { ...meta, metadata, dir };
      } catch {
        return null;
      }
    },
    /** A fresh folder to fetch into (removed by `discard`, or moved in by `commit`). */
    partial(url: string): string {
      const base = folderOf(url);
      fs.mkdirSync(base, { recursive: true, mode: 0o700 });
      const dir = path.join(base, `.partial-${process.pid}-${randomBytes(6).toString('hex')}`);
      fs.mkdirSync(dir);
      return dir;
    },
    discard(partial: string): void {
      fs.rmSync(partial, { recursive: true, force: true });
    },
    /** Moves a complete fetch into place (or drops it when another fetch got there first). */
    store(partial: string, entry: Omit<CachedSource, 'dir'>): CachedSource {
      if (!COMMIT.test(entry.commit)) throw new Error(`not a commit id: ${entry.commit}`);
      const base = folderOf(entry.url);
      const dir = path.join(base, entry.commit);
      if (fs.existsSync(dir)) fs.rmSync(partial, { recursive: true, force: true });
      else fs.renameSync(partial, dir);
      writeFileAtomic(path.join(base, `${entry.commit}.json`), JSON.stringify(entry, null, 2));
      return { ...entry, dir };
    },
  };
}

export type SourceCache = ReturnType<typeof createSourceCache>;
