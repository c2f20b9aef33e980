/**
 * Files that cannot be lost: every file Koru writes for the user goes to a temporary name in the
 * same folder, is fsynced, then renamed over the final name (and the folder fsynced), so a crash
 * or a failure leaves the previous file byte for byte and nothing partial under a name the user
 * sees. Temporaries carry the writer's pid, so the ones a dead process left are found and removed
 * at the next start (`removeStaleTemporaries`).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { KoruError } from '../../contract/errors';

/** `.<final name>.<pid>.<random>.koru-tmp`: hidden, in the same folder (rename stays atomic). */
const SUFFIX = '.koru-tmp';
const TEMP = /^\.(.+)\.(\d+)\.[0-9a-f]{12}\.koru-tmp$/;

export interface AtomicOptions {
  /** Permission bits of the new file (default 0o666 less the umask; secrets pass 0o600). */
  mode?: number;
}

export function temporaryPathFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}${SUFFIX}`);
}

export function isTemporaryName(name: string): boolean {
  return TEMP.test(name);
}

function storageError(what: string, target: string, err: unknown): KoruError {
  if (err instanceof KoruError) return err;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const reason = code === 'ENOSPC' ? 'the disk is full' : (code ?? (err instanceof Error ? err.message : String(err)));
  return new KoruError('STORAGE', `Could not ${what} ${target}: ${reason}.`, { path: target, code });
}

/** Make a rename durable; some platforms (Windows) cannot open a folder, so best effort. */
export function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    /* best effort */
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Put a complete, synced temporary in place: `exclusive` refuses (EEXIST) to replace a file. */
function install(tmp: string, target: string, exclusive: boolean): void {
  if (!exclusive) {
    fs.renameSync(tmp, target);
    return;
  }
  // link() fails if the target exists, so two processes cannot both create it.
  fs.linkSync(tmp, target);
  fs.rmSync(tmp, { force: true });
}

/** Write `data` to `target` atomically (synchronous; small files: JSON, keys, cached audio). */
export function writeFileAtomic(target: string, data: string | Uint8Array, opts: AtomicOptions & { exclusive?: boolean } = {}): void {
  const tmp = temporaryPathFor(target);
  try {
    const fd = fs.openSync(tmp, 'wx', opts.mode ?? 0o666);
    try {
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    install(tmp, target, opts.exclusive ?? false);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    if ((err as NodeJS.ErrnoException).code === 'EEXIST' && opts.exclusive) throw err;
    throw storageError('write', target, err);
  }
  syncFolder(path.dirname(target));
}

/** A file being streamed under its temporary name; `commit` renames it into place. */
export interface AtomicFile {
  readonly fd: number;
  readonly target: string;
  readonly temporary: string;
  /** fsync, close, rename over `target`, fsync the folder. */
  commit(): Promise<void>;
  /** Close and delete the temporary; `target` is untouched. Safe after commit (does nothing). */
  discard(): Promise<void>;
}

/**
 * The streaming variant the file sinks write through. Opens the temporary synchronously, so an
 * unwritable folder fails where the file is made. `temporary` may be chosen by the caller (an
 * export's owner removes it if the worker writing it dies).
 */
export function openAtomicFile(target: string, opts: AtomicOptions & { temporary?: string } = {}): AtomicFile {
  if (typeof target !== 'string' || target.length === 0) throw new KoruError('BAD_INPUT', 'An output file path is required.');
  const temporary = opts.temporary ?? temporaryPathFor(target);
  if (path.dirname(temporary) !== path.dirname(target)) throw new KoruError('INTERNAL', 'A temporary must sit beside its final file.');
  let existing: fs.Stats | undefined;
  try {
    existing = fs.statSync(target);
  } catch {
    /* a new file */
  }
  if (existing?.isDirectory()) throw new KoruError('STORAGE', `Could not write ${target}: it is a folder.`, { path: target, code: 'EISDIR' });
  let fd: number;
  try {
    fd = fs.openSync(temporary, 'wx', opts.mode ?? 0o666);
  } catch (err) {
    throw storageError('write', target, err);
  }
  let state: 'open' | 'committed' | 'discarded' = 'open';
  const close = () => new Promise<void>((resolve) => fs.close(fd, () => resolve()));
  return {
    fd,
    target,
    temporary,
    async commit() {
      if (state !== 'open') throw new KoruError('INTERNAL', `${target} was already ${state}.`);
      state = 'committed';
      try {
        await new Promise<void>((resolve, reject) => fs.fsync(fd, (err) => (err ? reject(err) : resolve())));
      } catch (err) {
        state = 'discarded';
        await close();
        await fs.promises.rm(temporary, { force: true });
        throw storageError('write', target, err);
      }
      await close();
      try {
        await fs.promises.rename(temporary, target);
      } catch (err) {
        await fs.promises.rm(temporary, { force: true });
        throw storageError('write', target, err);
      }
      syncFolder(path.dirname(target));
    },
    async discard() {
      if (state !== 'open') return;
      state = 'discarded';
      await close();
      await fs.promises.rm(temporary, { force: true });
    },
  };
}

function alive(pid: number): boolean {
  if (pid === process.pid) return false; // at start-up nothing of ours is being written yet
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, but another user's
  }
}

/**
 * Delete the temporaries that crashed writers left in `dirs` (and their sub-folders when
 * `recursive`). A temporary whose writer is still running (another Koru process exporting
 * into the same folder) is left alone. Returns the paths removed. Call at start-up.
 */
export async function removeStaleTemporaries(dirs: readonly string[], opts: { recursive?: boolean } = {}): Promise<string[]> {
  const removed: string[] = [];
  async function sweep(dir: string, depth: number): Promise<void> {
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch {
      return; // a folder not made yet has nothing to clean
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (opts.recursive && depth < 8) await sweep(full, depth + 1);
        continue;
      }
      const m = TEMP.exec(e.name);
      if (!m || alive(Number(m[2]))) continue;
      await fs.promises.rm(full, { force: true });
      removed.push(full);
    }
  }
  for (const dir of dirs) await sweep(dir, 0);
  return removed;
}
