import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';

/**
 * One Koru per data folder: two servers on one database would fight over it and the audio
 * device. The lock file holds the running one's pid, URL and a random instance id; a second
 * start reads it, asks that URL whether the same instance answers, and reports it instead of
 * starting. A lock whose process is gone, or whose URL answers with another instance (or not at
 * all), is stale and taken over.
 */

export const LOCK_FILE = 'koru.lock';
/** A lock still without a URL is a Koru starting up, unless it is older than this. */
const STARTING_GRACE_MS = 60_000;
/** An empty lock younger than this is being written by the starter that created it. */
const TORN_GRACE_MS = 2_000;

export interface LockInfo {
  pid: number;
  /** Null while that Koru is still starting. */
  url: string | null;
  instanceId: string;
  startedAt: string;
}

export interface InstanceLock {
  readonly instanceId: string;
  /** Records where this instance can be reached, for the next start to find. */
  publish(url: string): void;
  /** Removes the lock, if it is still ours. */
  release(): void;
}

export type LockResult = { acquired: true; lock: InstanceLock } | { acquired: false; running: LockInfo };

export interface LockDeps {
  /** Whether a process is alive (default: signal 0). */
  isAlive?: (pid: number) => boolean;
  /** The instance id the server at `url` reports, or null when nothing (or no Koru) answers. */
  probe?: (url: string) => Promise<string | null>;
  now?: () => number;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Asks the server at `url` (token in its fragment) for its instance id. A one-off connection
 *  (no keep-alive agent), so a second start that only reports the first exits at once. */
export function probeInstance(url: string): Promise<string | null> {
  return new Promise((resolve) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return resolve(null);
    }
    const token = new URLSearchParams(parsed.hash.slice(1)).get('token') ?? '';
    const req = get(
      { host: parsed.hostname.replace(/^\[|\]$/g, ''), port: parsed.port, path: '/instance', agent: false, timeout: 3000, headers: { Authorization: `Bearer ${token}` } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body = (body + chunk).slice(0, 4096)));
        res.on('end', () => {
          try {
            const reply = JSON.parse(body) as { ok?: boolean; value?: { instanceId?: unknown } };
            resolve(reply.ok && typeof reply.value?.instanceId === 'string' ? reply.value.instanceId : null);
          } catch {
            resolve(null);
          }
        });
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
  });
}

function readLock(path: string): LockInfo | null {
  try {
    const info = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockInfo>;
    if (typeof info.pid !== 'number' || typeof info.instanceId !== 'string') return null;
    return { pid: info.pid, url: typeof info.url === 'string' ? info.url : null, instanceId: info.instanceId, startedAt: String(info.startedAt ?? '') };
  } catch {
    return null;
  }
}

/** How old the file is, in ms (Infinity once it is gone). */
function ageOf(path: string): number {
  const info = statSync(path, { throwIfNoEntry: false });
  return info ? Date.now() - info.mtimeMs : Infinity;
}

function writeAtomic(path: string, info: LockInfo): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(info), { mode: 0o600 });
  renameSync(tmp, path);
}

export async function acquireInstanceLock(dataDir: string, deps: LockDeps = {}): Promise<LockResult> {
  const isAlive = deps.isAlive ?? processAlive;
  const probe = deps.probe ?? probeInstance;
  const now = deps.now ?? Date.now;
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  const mine: LockInfo = { pid: process.pid, url: null, instanceId: randomBytes(12).toString('base64url'), startedAt: new Date(now()).toISOString() };

  for (let takeovers = 0; takeovers < 3; ) {
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o600); // atomic: exactly one starter creates it
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const held = readLock(path);
      if (held === null && ageOf(path) < TORN_GRACE_MS) {
        // Created an instant ago and not yet written by the starter that won: give it a moment.
        await new Promise((resolve) => setTimeout(resolve, 100));
        continue;
      }
      if (held && (await stillRunning(held))) return { acquired: false, running: held };
      // Stale: take it over, unless another starter replaced it meanwhile.
      const again = readLock(path);
      if (again?.instanceId === held?.instanceId) rmSync(path, { force: true });
      takeovers += 1;
      continue;
    }
    try {
      writeSync(fd, JSON.stringify(mine));
    } finally {
      closeSync(fd);
    }
    return { acquired: true, lock: ownLock(path, mine) };
  }
  throw new Error(`could not take ${path}: another Koru keeps replacing it`);

  async function stillRunning(held: LockInfo): Promise<boolean> {
    if (!isAlive(held.pid)) return false;
    if (held.url === null) return ageOf(path) < STARTING_GRACE_MS;
    // The pid may have been reused after a reboot: only the same instance answering counts.
    return (await probe(held.url)) === held.instanceId;
  }
}

function ownLock(path: string, mine: LockInfo): InstanceLock {
  return {
    instanceId: mine.instanceId,
    publish(url) {
      mine.url = url;
      writeAtomic(path, mine);
    },
    release() {
      if (readLock(path)?.instanceId === mine.instanceId) rmSync(path, { force: true });
    },
  };
}
