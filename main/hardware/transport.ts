import { SerialPort } from 'serialport';
import { KoruError } from '../../contract/errors';

/** The binding a SerialPort can be given (the native one, or `@serialport/binding-mock`). */
export type SerialBinding = NonNullable<ConstructorParameters<typeof SerialPort>[0]['binding']>;

/** Why a serial exchange failed; the connection manager words its message from this. */
export type TransportFailure = 'open' | 'timeout' | 'nonsense' | 'closed' | 'write';

export function deviceError(kind: TransportFailure, message: string): KoruError {
  return new KoruError('DEVICE_ERROR', message, { kind });
}
export function failureOf(err: unknown): TransportFailure | null {
  if (err instanceof KoruError && err.code === 'DEVICE_ERROR') {
    const kind = (err.details as { kind?: TransportFailure } | undefined)?.kind;
    return kind ?? null;
  }
  return null;
}

/**
 * Looks at everything received since the command was written. `null`: not complete yet, keep
 * waiting. `{ error }`: the device answered, but not in this protocol. Parsers must scan past
 * garbage and echoes, since a serial line delivers whatever bytes arrive, split anywhere.
 */
export type ReplyParser<T> = (received: string) => { value: T } | { error: string } | null;

export interface Transport {
  readonly path: string;
  readonly baudRate: number;
  readonly isOpen: boolean;
  /** Queued: one command on the wire at a time, each with its own timeout. */
  request<T>(command: string, parse: ReplyParser<T>, timeoutMs?: number): Promise<T>;
  /** Called once when the port goes away (cable pulled, device reset) or is closed. */
  onClose(cb: (err: Error | null) => void): void;
  close(): Promise<void>;
}

export interface TransportOptions {
  path: string;
  baudRate: number;
  /** A test binding (`@serialport/binding-mock`); the platform's native binding otherwise. */
  binding?: SerialBinding;
  openTimeoutMs?: number;
  defaultTimeoutMs?: number;
}

// Replies are a few dozen bytes; anything beyond this is noise that no parser needs to see.
const MAX_BUFFER = 4096;

function openMessage(path: string, err: NodeJS.ErrnoException | Error): string {
  const text = err.message;
  if (/ENOENT|No such file/i.test(text)) return `${path}: no such port (unplugged, or a typo in the path?)`;
  if (/EACCES|Permission denied/i.test(text)) return `${path}: permission denied (on Linux, add your user to the "dialout" group)`;
  if (/EBUSY|Resource busy|lock/i.test(text)) return `${path}: in use by another program`;
  if (/ENOTTY|Inappropriate ioctl/i.test(text)) return `${path}: not a serial port`;
  return `${path}: cannot open (${text})`;
}

export async function openTransport(opts: TransportOptions): Promise<Transport> {
  const { path, baudRate } = opts;
  const port = new SerialPort({
    path,
    baudRate,
    dataBits: 8,
    parity: 'none',
    stopBits: 1,
    autoOpen: false,
    ...(opts.binding ? { binding: opts.binding } : {}),
  });

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(deviceError('open', `${path}: opening the port timed out`)), opts.openTimeoutMs ?? 3000);
    port.open((err) => {
      clearTimeout(timer);
      if (err) reject(deviceError('open', openMessage(path, err)));
      else resolve();
    });
  });

  let received = '';
  let closed = false;
  let closeErr: Error | null = null;
  let check: (() => void) | null = null;
  let failPending: ((err: KoruError) => void) | null = null;
  const closeListeners: ((err: Error | null) => void)[] = [];
  let queue: Promise<unknown> = Promise.resolve();

  port.on('data', (chunk: Buffer) => {
    received += chunk.toString('latin1');
    if (received.length > MAX_BUFFER) received = received.slice(-MAX_BUFFER);
    check?.();
  });
  // Errors arrive on 'error' and/or 'close'; either way the port is gone.
  port.on('error', (err: Error) => {
    closeErr ??= err;
  });
  port.on('close', (err: Error | null) => {
    if (closed) return;
    closed = true;
    closeErr = err ?? closeErr;
    failPending?.(deviceError('closed', `${path}: the port closed${closeErr ? ` (${closeErr.message})` : ''}`));
    for (const cb of closeListeners.splice(0)) cb(closeErr);
  });

  function exchange<T>(command: string, parse: ReplyParser<T>, timeoutMs: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (closed) return reject(deviceError('closed', `${path}: the port is closed`));
      // Whatever arrived before this command (late replies, line noise) is not its answer.
      received = '';
      let settled = false;
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        check = null;
        failPending = null;
        fn();
      };
      // Bytes that never formed a reply (a wrong baud rate garbles every byte) are not silence.
      const timer = setTimeout(
        () =>
          finish(() =>
            reject(
              received.length > 0
                ? deviceError('nonsense', `${path}: ${received.length} bytes that are not a reply to ${JSON.stringify(command.trim())}: ${JSON.stringify(received.slice(0, 40))}`)
                : deviceError('timeout', `${path}: no reply to ${JSON.stringify(command.trim())} within ${timeoutMs} ms`),
            ),
          ),
        timeoutMs,
      );
      check = () => {
        let r: ReturnType<ReplyParser<T>>;
        try {
          r = parse(received);
        } catch (err) {
          r = { error: (err as Error).message };
        }
        if (r === null) return;
        if ('error' in r) {
          const sample = JSON.stringify(received.slice(0, 60));
          finish(() => reject(deviceError('nonsense', `${path}: unexpected reply ${sample} (${r.error})`)));
        } else finish(() => resolve(r.value));
      };
      failPending = (err) => finish(() => reject(err));
      port.write(Buffer.from(command, 'latin1'), (err) => {
        if (err) finish(() => reject(deviceError('write', `${path}: write failed (${err.message})`)));
      });
    });
  }

  return {
    path,
    baudRate,
    get isOpen() {
      return !closed;
    },
    request(command, parse, timeoutMs = opts.defaultTimeoutMs ?? 500) {
      const run = queue.then(() => exchange(command, parse, timeoutMs));
      queue = run.catch(() => undefined);
      return run;
    },
    onClose(cb) {
      if (closed) cb(closeErr);
      else closeListeners.push(cb);
    },
    async close() {
      if (closed) return;
      await new Promise<void>((resolve) => {
        port.close(() => resolve());
        // A wedged port must not hang disconnect: the close event has its own listeners.
        setTimeout(resolve, 1000).unref();
      });
      if (!closed) {
        closed = true;
        failPending?.(deviceError('closed', `${path}: the port is closed`));
        for (const cb of closeListeners.splice(0)) cb(null);
      }
    },
  };
}
