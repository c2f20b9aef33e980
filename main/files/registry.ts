import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createWriteStream, promises as fsp, readFileSync, readdirSync, realpathSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  FILE_CAPS,
  FileId,
  fileKindWords,
  fileTooLargeMessage,
  KoruError,
  LIMITS,
  type FileInfo,
  type FileKind,
} from '../../contract';
import { createFileStore } from '../storage';

/**
 * Files that travel by reference. Each is known by an opaque id; a record (a small JSON file in
 * `refs/`) says where its bytes are: an upload under `uploads/`, a file the user chose in the
 * desktop app's dialog, or a file Koru exported. Nothing else can be reached by id, so the
 * renderer never names a path.
 */

export type RecordKind = FileInfo['kind'];

interface FileRecord {
  name: string;
  kind: RecordKind;
  path: string;
  bytes: number;
  createdAt: string;
}

export interface ReceiveOptions {
  kind: FileKind;
  name: string;
  /** Content-Length, when the sender declared one: refused before a byte is read if too big. */
  declaredBytes?: number;
}

export interface FileRegistry {
  /** Streams an upload to a temporary file, renamed into place only once complete and within
   *  its kind's cap; a failed or oversized upload leaves nothing behind. */
  receive(source: AsyncIterable<Buffer> | NodeJS.ReadableStream, options: ReceiveOptions): Promise<FileInfo>;
  /** A file the user chose in a native dialog (desktop app). */
  adopt(path: string, kind: FileKind): FileInfo;
  /** A file an export just wrote (must be inside the exports folder). */
  /** Register a file Koru exported (in the exports folder); the result gains its `fileId`. */
  exported<T extends { path: string; bytes: number }>(result: T): T & { fileId: FileId };
  info(fileId: string): FileInfo;
  /** The path behind an id, checked to still be what was registered. */
  pathOf(fileId: string, kinds: readonly RecordKind[]): string;
  readText(fileId: string, kind: FileKind): string;
  discard(fileId: string): void;
  /** A same-origin download link for an exported file, valid for `ttlMs`. */
  signDownload(fileId: string, now?: number): { url: string; expiresAt: string };
  /** The exported file a signed link names, or null when the link is forged, altered or old. */
  verifyDownload(fileId: string, expires: string | null, sig: string | null, now?: number): { path: string; name: string; bytes: number } | null;
}

export interface RegistryOptions {
  dataDir: string;
  exportDir: string;
  /** Where download links point (the web server's files path). */
  downloadPath: string;
  /** How long a download link works. */
  linkTtlMs?: number;
}

const UPLOAD_MAX_AGE_MS = 7 * 24 * 3600_000;
const newId = () => `f_${randomBytes(16).toString('base64url')}`;

function tooBig(kind: FileKind, bytes: number | null): KoruError {
  return new KoruError('BAD_INPUT', fileTooLargeMessage(kind, bytes), { limitBytes: FILE_CAPS[kind] });
}

/** A display name only: no folders, no control characters, bounded. */
function cleanName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, LIMITS.fileNameChars);
  return clean || 'file';
}

export function createFileRegistry(options: RegistryOptions): FileRegistry {
  const uploads = createFileStore(join(options.dataDir, 'uploads'));
  const refs = createFileStore(join(options.dataDir, 'file-refs'));
  const exportsDir = createFileStore(options.exportDir);
  const ttl = options.linkTtlMs ?? 5 * 60_000;
  // Links die with the process: a restart needs a new link, never a stored secret.
  const linkKey = randomBytes(32);
  sweep();

  /** Interrupted uploads (`*.part`) and week-old uploads go; nothing else is touched. */
  function sweep(): void {
    const now = Date.now();
    for (const name of readdirSync(uploads.root)) {
      const path = join(uploads.root, name);
      const old = now - statSync(path).mtimeMs > UPLOAD_MAX_AGE_MS;
      if (name.endsWith('.part') || old) {
        rmSync(path, { force: true });
        if (FileId.safeParse(name).success) rmSync(refs.resolve(`${name}.json`), { force: true });
      }
    }
  }

  function save(fileId: string, record: FileRecord): FileInfo {
    refs.writeAtomic(`${fileId}.json`, JSON.stringify(record));
    return { fileId, name: record.name, kind: record.kind, bytes: record.bytes };
  }

  function load(fileId: string): FileRecord {
    const unknown = () => new KoruError('NOT_FOUND', 'That file is no longer available; choose or upload it again.');
    if (!FileId.safeParse(fileId).success) throw unknown();
    let record: FileRecord;
    try {
      record = JSON.parse(readFileSync(refs.resolve(`${fileId}.json`), 'utf8')) as FileRecord;
    } catch {
      throw unknown();
    }
    // Each kind may only point where it was put; a hand-edited record reaches nothing else.
    if (record.kind === 'export') exportsDir.resolve(basename(record.path));
    else if (record.path.startsWith(uploads.root)) uploads.resolve(basename(record.path));
    const info = statSync(record.path, { throwIfNoEntry: false });
    if (!info?.isFile()) throw unknown();
    return record;
  }

  function sign(fileId: string, expires: number): string {
    return createHmac('sha256', linkKey).update(`${fileId}.${expires}`).digest('base64url');
  }

  return {
    async receive(source, { kind, name, declaredBytes }) {
      const cap = FILE_CAPS[kind];
      if (declaredBytes !== undefined && declaredBytes > cap) throw tooBig(kind, declaredBytes);
      const fileId = newId();
      const part = uploads.resolve(`${fileId}.part`);
      const final = uploads.resolve(fileId);
      let bytes = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          bytes += chunk.length;
          // Stop at the cap without reading the rest; the caller tells the sender why.
          if (bytes > cap) done(tooBig(kind, null));
          else done(null, chunk);
        },
      });
      try {
        await pipeline(source, counter, createWriteStream(part, { flags: 'wx', mode: 0o600 }));
        await fsp.rename(part, final);
      } catch (err) {
        await fsp.rm(part, { force: true });
        if (err instanceof KoruError) throw err;
        throw new KoruError('BAD_INPUT', 'The upload did not arrive whole; try again.');
      }
      return save(fileId, { name: cleanName(name), kind, path: final, bytes, createdAt: new Date().toISOString() });
    },

    adopt(path, kind) {
      let real: string;
      try {
        real = realpathSync(path);
      } catch {
        throw new KoruError('NOT_FOUND', `${basename(path)} could not be opened.`);
      }
      const info = statSync(real);
      if (!info.isFile()) throw new KoruError('BAD_INPUT', `${basename(path)} is not a file.`);
      if (info.size > FILE_CAPS[kind]) throw tooBig(kind, info.size);
      return save(newId(), { name: cleanName(basename(real)), kind, path: real, bytes: info.size, createdAt: new Date().toISOString() });
    },

    exported(result) {
      const path = exportsDir.resolve(basename(result.path));
      if (path !== result.path) throw new KoruError('INTERNAL', 'an export was written outside the exports folder');
      const { fileId } = save(newId(), { name: basename(path), kind: 'export', path, bytes: result.bytes, createdAt: new Date().toISOString() });
      return { ...result, fileId };
    },

    info(fileId) {
      const r = load(fileId);
      return { fileId, name: r.name, kind: r.kind, bytes: r.bytes };
    },

    pathOf(fileId, kinds) {
      const r = load(fileId);
      if (!kinds.includes(r.kind)) throw new KoruError('BAD_INPUT', `That file is ${fileKindWords(r.kind)}, not ${kinds.map(fileKindWords).join(' or ')}.`);
      return r.path;
    },

    readText(fileId, kind) {
      const path = this.pathOf(fileId, [kind]);
      const size = statSync(path).size;
      if (size > FILE_CAPS[kind]) throw tooBig(kind, size);
      return readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
    },

    discard(fileId) {
      const r = load(fileId);
      if (r.path.startsWith(uploads.root)) rmSync(r.path, { force: true });
      rmSync(refs.resolve(`${fileId}.json`), { force: true });
    },

    signDownload(fileId, now = Date.now()) {
      const r = load(fileId);
      if (r.kind !== 'export') throw new KoruError('BAD_INPUT', 'Only files Koru exported can be downloaded.');
      const expires = now + ttl;
      const query = new URLSearchParams({ expires: String(expires), sig: sign(fileId, expires) });
      return { url: `${options.downloadPath}/${fileId}?${query}`, expiresAt: new Date(expires).toISOString() };
    },

    verifyDownload(fileId, expires, sig, now = Date.now()) {
      if (!expires || !sig || !/^\d{1,16}$/.test(expires) || Number(expires) < now) return null;
      const expected = Buffer.from(sign(fileId, Number(expires)));
      const given = Buffer.from(sig);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      try {
        const r = load(fileId);
        return r.kind === 'export' ? { path: r.path, name: r.name, bytes: statSync(r.path).size } : null;
      } catch {
        return null;
      }
    },
  };
}
