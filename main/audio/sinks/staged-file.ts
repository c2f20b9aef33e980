/** A file written in large staged chunks, for the streaming file sinks. Two 256 KB staging
 *  buffers: the encoder fills one while the other is being written, and at most one write is
 *  in flight, which is the backpressure. Nothing else of the file is ever held in memory.
 *  The bytes go to a temporary beside the final name (main/storage/atomic-file): `close`
 *  renames it into place only once it is complete, `abort` deletes it, and a crash leaves the
 *  previous file at the final name untouched. */
import fs from 'node:fs';
import { KoruError } from '../../../contract/errors';
import { openAtomicFile, type AtomicFile } from '../../storage';
import { CHANNELS, type Sink } from '../types';

/** Where a file sink writes, and how. */
export interface FileTarget {
  /** The temporary to write (default: a fresh name beside `path`); an export's owner picks it
   *  so it can remove it if the thread writing it dies. */
  temporary?: string;
}

/** A sink that ends in a file: `close` puts the finished file in place, `abort` drops it. */
export interface FileSink extends Sink {
  readonly path: string;
  readonly framesWritten: number;
  /** Stop and delete what was written; the file at `path` (if any) stays as it was. */
  abort(): Promise<void>;
}

export const STAGE_BYTES = 256 * 1024;

/** Sinks take interleaved stereo; refuse anything else with a clear message. */
export function checkBlock(block: Float32Array, frames: number, channels: number): void {
  if (!(block instanceof Float32Array) || !Number.isInteger(frames) || frames < 0) {
    throw new KoruError('BAD_INPUT', 'write() needs a Float32Array and a whole frame count');
  }
  if (block.length < frames * channels) {
    throw new KoruError('BAD_INPUT', `Block holds ${block.length} samples, ${frames} frames given`);
  }
}

function storageError(what: string, path: string, err: unknown): KoruError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const reason = code ?? (err instanceof Error ? err.message : String(err));
  return new KoruError('STORAGE', `Cannot ${what} ${path}: ${reason}`, { path, code });
}

function writeAll(fd: number, data: Uint8Array, position: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const step = (offset: number) => {
      fs.write(fd, data, offset, data.length - offset, position + offset, (err, n) => {
        if (err) reject(err);
        else if (offset + n < data.length) step(offset + n);
        else resolve();
      });
    };
    step(0);
  });
}

interface Stage {
  bytes: Uint8Array;
  int16: Int16Array;
  float32: Float32Array;
}

function makeStage(): Stage {
  const buffer = new ArrayBuffer(STAGE_BYTES);
  return {
    bytes: new Uint8Array(buffer),
    int16: new Int16Array(buffer),
    float32: new Float32Array(buffer),
  };
}

export class StagedFile {
  private readonly file: AtomicFile;
  private readonly fd: number;
  private readonly stages: [Stage, Stage] = [makeStage(), makeStage()];
  private current = 0;
  private inflight: Promise<void> | null = null;
  private failure: KoruError | null = null;
  private closed = false;
  /** Bytes used in the current stage; callers fill `stage` views from here, then `commit`. */
  fill = 0;
  /** File offset where the current stage will land. */
  private position: number;

  /** Opens the temporary synchronously, so an unwritable folder fails where the sink is made,
   *  and writes `prefix` (a header with placeholder sizes); staged data starts after it. */
  constructor(
    readonly path: string,
    prefix: Uint8Array = new Uint8Array(0),
    target: FileTarget = {},
  ) {
    if (typeof path !== 'string' || path.length === 0) {
      throw new KoruError('BAD_INPUT', 'An output file path is required');
    }
    this.file = openAtomicFile(path, target.temporary === undefined ? {} : { temporary: target.temporary });
    this.fd = this.file.fd;
    try {
      if (prefix.length > 0) fs.writeSync(this.fd, prefix, 0, prefix.length, 0);
    } catch (err) {
      void this.file.discard();
      throw storageError('write', path, err);
    }
    this.position = prefix.length;
  }

  /** Views over the stage being filled (aligned: the stage starts at offset 0). */
  get stage(): Stage {
    return this.stages[this.current]!;
  }

  get free(): number {
    return STAGE_BYTES - this.fill;
  }

  /** Total bytes handed to this file so far (written or staged), prefix included. */
  get end(): number {
    return this.position + this.fill;
  }

  /** Make sure `bytes` fit in the current stage, waiting for the disk if needed. */
  async reserve(bytes: number): Promise<void> {
    if (bytes > STAGE_BYTES) throw new KoruError('INTERNAL', `reserve(${bytes}) > stage size`);
    this.check();
    if (this.free < bytes) await this.flush();
  }

  /** Copy bytes in, spilling across stages as needed. */
  async append(data: Uint8Array): Promise<void> {
    let off = 0;
    while (off < data.length) {
      if (this.free === 0) await this.flush();
      const n = Math.min(this.free, data.length - off);
      this.stage.bytes.set(data.subarray(off, off + n), this.fill);
      this.fill += n;
      off += n;
    }
  }

  /** Start writing the current stage and switch to the other one. */
  async flush(): Promise<void> {
    await this.drain();
    if (this.fill === 0) return;
    const data = this.stage.bytes.subarray(0, this.fill);
    // Failures are kept, not left as a rejected promise nobody awaits, and rethrown next call.
    this.inflight = writeAll(this.fd, data, this.position).catch((err: unknown) => {
      this.failure = storageError('write', this.path, err);
    });
    this.position += this.fill;
    this.current ^= 1;
    this.fill = 0;
  }

  /** Wait for the write in flight, if any. */
  async drain(): Promise<void> {
    if (this.inflight) {
      await this.inflight;
      this.inflight = null;
    }
    this.check();
  }

  /** Overwrite bytes already on disk (headers); flushes first. */
  async patch(position: number, data: Uint8Array): Promise<void> {
    await this.flush();
    await this.drain();
    try {
      await writeAll(this.fd, data, position);
    } catch (err) {
      throw storageError('write', this.path, err);
    }
  }

  /** Flush and put the file in place; safe to call twice. A file whose write failed is never
   *  put in place: it is deleted and the failure thrown. */
  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.flush();
      await this.drain();
    } catch (err) {
      this.closed = true;
      await this.file.discard();
      throw err;
    }
    this.closed = true;
    await this.file.commit();
  }

  /** Wait for the write in flight, then delete the temporary. Safe after close. */
  async abort(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.inflight?.catch(() => undefined);
    await this.file.discard();
  }

  private check(): void {
    if (this.failure) throw this.failure;
    if (this.closed) throw new KoruError('BAD_INPUT', `${this.path} is already closed`);
  }
}

/**
 * The write/close discipline both file sinks share: writes are checked, then chained so
 * overlapping calls land in order (each block is consumed before its promise settles, so the
 * caller may reuse it after awaiting); close() waits for the last write — whose failure was
 * already reported to its caller — then runs `finish` once, however often it is called;
 * abort() waits likewise and runs `discard` instead (nothing after either runs both).
 */
export function orderedWrites(
  path: string,
  consume: (block: Float32Array, frames: number) => Promise<void>,
  finish: () => Promise<void>,
  discard: () => Promise<void>,
): Pick<FileSink, 'write' | 'close' | 'abort'> {
  let tail: Promise<void> = Promise.resolve();
  let closing: Promise<void> | null = null;
  return {
    write(block, frames) {
      if (closing) return Promise.reject(new KoruError('BAD_INPUT', `${path} is already closed`));
      try {
        checkBlock(block, frames, CHANNELS);
      } catch (err) {
        return Promise.reject(err);
      }
      tail = tail.then(() => consume(block, frames));
      return tail;
    },
    close() {
      closing ??= tail.catch(() => undefined).then(finish);
      return closing;
    },
    abort() {
      closing ??= tail.catch(() => undefined).then(discard);
      return closing.catch(() => undefined);
    },
  };
}
