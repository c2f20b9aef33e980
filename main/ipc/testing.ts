// Small fixtures shared by the transport tests (router, web server, ws client). Not used at runtime.
import { vi } from 'vitest';
import type { PlaybackStatus } from '../../contract';
import type { Log } from '../log';

/** A Log spy plus the lines it received at one level, for assertions. */
export function spyLog() {
  const fn = vi.fn<Log>();
  const at = (level: 'info' | 'warn' | 'error') => fn.mock.calls.filter((c) => c[0] === level).map((c) => ({ message: c[1], detail: c[2] }));
  return Object.assign(fn, { at });
}

export function idleStatus(over: Partial<PlaybackStatus> = {}): PlaybackStatus {
  return {
    state: 'idle',
    sessionId: null,
    sessionName: null,
    elapsedSec: 0,
    durationSec: 0,
    volume: 0.5,
    sleepAtSec: null,
    output: 'null',
    lateBlocks: 0,
    lastError: null,
    spoken: null,
    ...over,
  };
}
