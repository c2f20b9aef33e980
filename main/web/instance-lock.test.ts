import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireInstanceLock, LOCK_FILE } from './instance-lock';
import { loadToken, TOKEN_FILE } from './token-store';

const dirs: string[] = [];
const folder = () => {
  const d = mkdtempSync(join(tmpdir(), 'koru-lock-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('instance lock', () => {
  it('lets one Koru in and tells the next where it runs', async () => {
    const dir = folder();
    const first = await acquireInstanceLock(dir);
    if (!first.acquired) throw new Error('expected the lock');
    first.lock.publish('http://127.0.0.1:5400/#token=abc');
    expect(statSync(join(dir, LOCK_FILE)).mode & 0o777).toBe(0o600);

    const answering = { probe: async () => first.lock.instanceId };
    const second = await acquireInstanceLock(dir, answering);
    expect(second).toEqual({ acquired: false, running: expect.objectContaining({ pid: process.pid, url: 'http://127.0.0.1:5400/#token=abc' }) });

    first.lock.release();
    expect((await acquireInstanceLock(dir, answering)).acquired).toBe(true);
  });

  it('takes over a lock whose process is gone, or whose URL answers as someone else', async () => {
    const dir = folder();
    const stale = (over: object) => writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: 999_999, url: 'http://127.0.0.1:1/#token=x', instanceId: 'old', startedAt: '', ...over }));
    stale({});
    expect((await acquireInstanceLock(dir, { isAlive: () => false })).acquired).toBe(true);

    stale({ pid: process.pid }); // a reused pid: alive, but the server is not that instance
    const taken = await acquireInstanceLock(dir, { probe: async () => null });
    expect(taken.acquired).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).instanceId).not.toBe('old');
  });

  it('treats a live lock without a URL as a Koru still starting', async () => {
    const dir = folder();
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: process.pid, url: null, instanceId: 'boot', startedAt: '' }));
    const r = await acquireInstanceLock(dir, { probe: async () => null });
    expect(r).toMatchObject({ acquired: false, running: { url: null } });
  });

  it('survives a garbled lock file', async () => {
    const dir = folder();
    writeFileSync(join(dir, LOCK_FILE), '{"pid":');
    // Young and unreadable: first waited for, then (still garbled) taken over once old enough.
    const r = await acquireInstanceLock(dir, { isAlive: () => true });
    expect(r.acquired).toBe(true);
  }, 10_000);
});

describe('web token', () => {
  it('is kept in the data folder (0600) across starts and replaced on request', () => {
    const dir = folder();
    const token = loadToken(dir);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(statSync(join(dir, TOKEN_FILE)).mode & 0o777).toBe(0o600);
    expect(loadToken(dir)).toBe(token);
    const rotated = loadToken(dir, { rotate: true });
    expect(rotated).not.toBe(token);
    expect(loadToken(dir)).toBe(rotated);
    writeFileSync(join(dir, TOKEN_FILE), 'short');
    expect(loadToken(dir)).not.toBe('short');
  });
});
