import { KoruError } from '../../contract/errors';
import { PROVIDER_IDS, PROVIDERS } from '../../contract/providers';
import type { Log } from '../log';
import { ProviderError, isRetryable, toProviderError } from './errors';
import type { ProviderFailure, ProviderId } from './types';

/**
 * One queue per provider: it owns concurrency, retries and per-attempt timeouts, so the SDKs run
 * with their own retries off and every client stays a thin request/response mapper.
 */
export interface QueueOptions {
  provider: ProviderId;
  concurrency: number;
  /** Retries after the first attempt for back-off failures (429, 5xx, timeout, network). */
  maxRetries?: number;
  /** Extra budget for ElevenLabs' too_many_concurrent_requests: it only means "wait for a slot". */
  maxConcurrencyRetries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A Retry-After longer than this is not waited for: the call fails (and a chain falls back). */
  maxRetryAfterMs?: number;
  attemptTimeoutMs?: number;
  /** After a concurrency refusal the limit drops by one, and climbs back one step per this long. */
  concurrencyRecoveryMs?: number;
  random?: () => number;
  log?: Log;
  /** Each call's end: null when it succeeded, the error when the queue gave up. Not called for
   *  the caller's abort or for our own refusals (BAD_INPUT). */
  onOutcome?: (error: ProviderError | null, label: string | undefined) => void;
}

export interface QueueStats {
  provider: ProviderId;
  calls: number;
  attempts: number;
  retries: number;
  succeeded: number;
  failed: number;
  inFlight: number;
  maxInFlight: number;
  concurrency: number;
  effectiveConcurrency: number;
  failures: Partial<Record<ProviderFailure, number>>;
}

export interface ProviderQueue {
  readonly provider: ProviderId;
  /** Runs `task` with a per-attempt signal (caller abort + timeout), retrying as the failure allows. */
  run<T>(task: (signal: AbortSignal) => Promise<T>, opts?: { signal?: AbortSignal; label?: string }): Promise<T>;
  stats(): QueueStats;
  setConcurrency(n: number): void;
}

export const DEFAULT_CONCURRENCY = Object.fromEntries(PROVIDER_IDS.map((p) => [p, PROVIDERS[p].concurrency])) as Record<ProviderId, number>;

class AttemptTimeout extends Error {
  constructor() {
    super('attempt timed out');
    this.name = 'TimeoutError';
  }
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted', 'AbortError');
}

/** Resolves after `ms`, or rejects with the caller's abort reason. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const onAbort = () => {
      clearTimeout(t);
      reject(abortReason(signal!));
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function createQueue(o: QueueOptions): ProviderQueue {
  const maxRetries = o.maxRetries ?? 4;
  const maxConcurrencyRetries = o.maxConcurrencyRetries ?? 12;
  const baseDelayMs = o.baseDelayMs ?? 500;
  const maxDelayMs = o.maxDelayMs ?? 20_000;
  const maxRetryAfterMs = o.maxRetryAfterMs ?? 60_000;
  const attemptTimeoutMs = o.attemptTimeoutMs ?? 90_000;
  const recoveryMs = o.concurrencyRecoveryMs ?? 10_000;
  const random = o.random ?? Math.random;
  const log = o.log ?? (() => {});
  if (!Number.isInteger(o.concurrency) || o.concurrency < 1) {
    throw new KoruError('BAD_INPUT', `concurrency must be a whole number ≥ 1 (got ${o.concurrency})`);
  }

  let limit = o.concurrency;
  let effective = limit;
  let inFlight = 0;
  let recovery: ReturnType<typeof setTimeout> | undefined;
  const waiters: Array<() => void> = [];
  const s = { calls: 0, attempts: 0, retries: 0, succeeded: 0, failed: 0, maxInFlight: 0 };
  const failures: Partial<Record<ProviderFailure, number>> = {};

  function pump(): void {
    while (inFlight < effective && waiters.length > 0) waiters.shift()!();
  }

  function acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        inFlight++;
        s.maxInFlight = Math.max(s.maxInFlight, inFlight);
        resolve();
      };
      const onAbort = () => {
        const i = waiters.indexOf(grant);
        if (i >= 0) waiters.splice(i, 1);
        reject(abortReason(signal!));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      waiters.push(grant);
      pump();
    });
  }

  function release(): void {
    inFlight--;
    pump();
  }

  /** The provider said "too many at once": run fewer until it has been quiet for a while. */
  function lowerConcurrency(): void {
    effective = Math.max(1, Math.min(effective, inFlight) - 1);
    log('warn', `${o.provider}: lowering concurrency to ${effective}`);
    const climb = () => {
      recovery = undefined;
      if (effective < limit) {
        effective++;
        pump();
        recovery = setTimeout(climb, recoveryMs);
        recovery.unref?.();
      }
    };
    if (recovery) clearTimeout(recovery);
    recovery = setTimeout(climb, recoveryMs);
    recovery.unref?.();
  }

  function backoff(retry: number): number {
    const exp = Math.min(maxDelayMs, baseDelayMs * 2 ** retry);
    return Math.round(exp * (0.5 + random() * 0.5)); // "equal jitter": never zero, never in lockstep
  }

  async function attempt<T>(task: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new AttemptTimeout()), attemptTimeoutMs);
    const attemptSignal = signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal;
    // A task that ignores its signal must still not hold the slot past the timeout.
    const ended = new Promise<never>((_, reject) => {
      attemptSignal.addEventListener('abort', () => reject(attemptSignal.reason), { once: true });
    });
    ended.catch(() => {});
    try {
      return await Promise.race([task(attemptSignal), ended]);
    } catch (err) {
      if (signal?.aborted) throw abortReason(signal);
      if (err instanceof KoruError && !(err instanceof ProviderError)) throw err; // our own BAD_INPUT
      throw toProviderError(o.provider, err, timeout.signal.aborted);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    provider: o.provider,
    async run(task, opts = {}) {
      const { signal, label } = opts;
      s.calls++;
      for (let retry = 0; ; retry++) {
        await acquire(signal);
        s.attempts++;
        let err: unknown;
        try {
          const value = await attempt(task, signal);
          s.succeeded++;
          release();
          o.onOutcome?.(null, label);
          return value;
        } catch (e) {
          err = e;
          if (e instanceof ProviderError && e.failure === 'concurrency') lowerConcurrency();
          release();
        }
        if (!(err instanceof ProviderError)) {
          if (!signal?.aborted) s.failed++;
          throw err;
        }
        failures[err.failure] = (failures[err.failure] ?? 0) + 1;
        const budget = err.failure === 'concurrency' ? maxConcurrencyRetries : err.failure === 'bad_reply' ? Math.min(1, maxRetries) : maxRetries;
        const tooLong = err.retryAfterMs !== undefined && err.retryAfterMs > maxRetryAfterMs;
        if (!isRetryable(err.failure) || retry >= budget || tooLong) {
          err.attempts = retry + 1;
          s.failed++;
          o.onOutcome?.(err, label);
          throw err;
        }
        const delay =
          err.retryAfterMs !== undefined
            ? err.retryAfterMs + Math.round(random() * Math.min(250, baseDelayMs)) // honour it, de-synchronised
            : err.failure === 'concurrency'
              ? Math.round(baseDelayMs * (0.25 + random() * 0.25)) // a slot frees soon: short wait
              : backoff(retry);
        s.retries++;
        log('warn', `${o.provider}: ${err.failure} on ${label ?? 'request'}, retry ${retry + 1} in ${delay} ms`, {
          status: err.status,
        });
        await sleep(delay, signal);
      }
    },
    stats: () => ({ provider: o.provider, ...s, inFlight, concurrency: limit, effectiveConcurrency: effective, failures: { ...failures } }),
    setConcurrency(n) {
      if (!Number.isInteger(n) || n < 1) throw new KoruError('BAD_INPUT', `concurrency must be a whole number ≥ 1 (got ${n})`);
      limit = n;
      effective = n;
      pump();
    },
  };
}
