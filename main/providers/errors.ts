import { KoruError } from '../../contract/errors';
import { PROVIDER_IDS, providerLabel } from '../../contract/providers';
import type { ProviderFailure, ProviderId } from './types';

/** One error type for every vendor failure, so queues and the UI never look at SDK classes. */
export class ProviderError extends KoruError {
  readonly provider: ProviderId;
  readonly failure: ProviderFailure;
  readonly status?: number;
  readonly retryAfterMs?: number;
  /** Set by the queue when it gave up after retrying. */
  attempts?: number;

  constructor(
    provider: ProviderId,
    failure: ProviderFailure,
    opts: { status?: number; retryAfterMs?: number; message?: string; cause?: unknown } = {},
  ) {
    const message = opts.message ?? providerMessage(provider, failure, opts.retryAfterMs);
    super('PROVIDER', message, { provider, failure, status: opts.status, retryAfterMs: opts.retryAfterMs });
    this.name = 'ProviderError';
    this.provider = provider;
    this.failure = failure;
    if (opts.status !== undefined) this.status = opts.status;
    if (opts.retryAfterMs !== undefined) this.retryAfterMs = opts.retryAfterMs;
    if (opts.cause !== undefined) (this as { cause?: unknown }).cause = opts.cause;
  }
}

/** The labels from the provider table, for messages. */
export const PROVIDER_NAMES = Object.fromEntries(PROVIDER_IDS.map((p) => [p, providerLabel(p)])) as Record<ProviderId, string>;

/** What the person reads: which provider, what happened, what to do. */
export function providerMessage(provider: ProviderId, failure: ProviderFailure, retryAfterMs?: number): string {
  const name = PROVIDER_NAMES[provider];
  const wait = retryAfterMs !== undefined ? `; retrying in ${Math.max(1, Math.round(retryAfterMs / 1000))} s` : '';
  switch (failure) {
    case 'auth':
      return `${name} rejected the API key — check it in Settings → Providers`;
    case 'rate_limited':
      return `${name} is rate-limiting Koru${wait || ' — wait a minute or lower its concurrency in Settings → Providers'}`;
    case 'concurrency':
      return `${name} refused a parallel request (plan limit)${wait || ' — lower its concurrency in Settings → Providers'}`;
    case 'busy':
      return `${name} is overloaded right now${wait || ' — try again later or move another provider first'}`;
    case 'server':
      return `${name} had a server error — try again later or move another provider first in Settings → Providers`;
    case 'timeout':
      return `${name} did not answer in time — check your network or try again later`;
    case 'network':
      return `Koru could not reach ${name} — check your network and its base URL in Settings → Providers`;
    case 'unreachable':
      return `Koru could not reach ${name} — check that the server is running and its base URL in Settings → Providers`;
    case 'redirect':
      return `${name} redirected Koru to another server, which Koru does not follow — check the base URL in Settings → Providers`;
    case 'bad_request':
      return `${name} refused the request — check the model id and voice in Settings → Providers`;
    case 'bad_reply':
      return `${name} sent a reply Koru could not use — check the model id and base URL in Settings → Providers`;
  }
}

/** Failures worth another attempt at the same provider: a wrong key, a refused request, a
 *  server that is not there or an address that does not resolve fail the same way again. */
const FINAL: ReadonlySet<ProviderFailure> = new Set(['auth', 'bad_request', 'unreachable', 'redirect']);
export function isRetryable(failure: ProviderFailure): boolean {
  return !FINAL.has(failure);
}

/** `Retry-After` is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value == null || value.trim() === '') return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

type HeaderBag = { get(name: string): string | null } | Record<string, string | undefined> | undefined | null;

function header(h: HeaderBag, name: string): string | undefined {
  if (!h) return undefined;
  if (typeof (h as { get?: unknown }).get === 'function') return (h as { get(n: string): string | null }).get(name) ?? undefined;
  return (h as Record<string, string | undefined>)[name];
}

/** `retry-after-ms` (OpenAI's) wins over `Retry-After`. */
export function retryAfterFromHeaders(h: HeaderBag): number | undefined {
  const ms = header(h, 'retry-after-ms');
  if (ms !== undefined && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.round(Number(ms));
  return parseRetryAfter(header(h, 'retry-after'));
}

/** HTTP status (plus ElevenLabs' 429 detail) → failure kind. */
export function failureFromStatus(status: number, body?: unknown): ProviderFailure {
  if (status === 401 || status === 403) return 'auth';
  if (status === 408) return 'timeout';
  if (status === 429) {
    const detail = elevenLabsDetailStatus(body);
    if (detail === 'too_many_concurrent_requests') return 'concurrency';
    if (detail === 'system_busy') return 'busy';
    return 'rate_limited';
  }
  if (status === 503 || status === 529) return 'busy';
  if (status >= 500) return 'server';
  if (status >= 400) return 'bad_request';
  return 'bad_reply';
}

function elevenLabsDetailStatus(body: unknown): string | undefined {
  let b = body;
  if (typeof b === 'string') {
    try {
      b = JSON.parse(b);
    } catch {
      return undefined;
    }
  }
  const detail = (b as { detail?: unknown } | null)?.detail;
  const status = (detail as { status?: unknown } | null)?.status;
  return typeof status === 'string' ? status : undefined;
}

/** Connection failures that will not heal by retrying, and how to say them. */
const UNREACHABLE: Array<[RegExp, string]> = [
  [/ECONNREFUSED/, 'connection refused'],
  [/ENOTFOUND|EAI_NONAME|EAI_AGAIN/, 'the address was not found'],
  [/ENETUNREACH|EHOSTUNREACH/, 'no route to the server'],
  [/CERT_|UNABLE_TO_VERIFY|SELF_SIGNED|ERR_TLS_CERT/, 'its certificate is not trusted'],
  [/bad port/, 'fetch never uses that port'],
];

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: unknown }).cause;
  const code = (err as { code?: unknown }).code;
  return `${err.name} ${code ?? ''} ${err.message} ${cause instanceof Error || cause ? describe(cause) : ''}`;
}

/**
 * Maps whatever a vendor SDK threw to a ProviderError. `timedOut` tells a per-attempt timeout
 * (ours, via AbortSignal) apart from the caller cancelling.
 */
export function toProviderError(provider: ProviderId, err: unknown, timedOut = false): ProviderError {
  const ours = ownCause(err);
  if (ours) return ours;
  if (timedOut) return new ProviderError(provider, 'timeout', { cause: err });
  const e = err as {
    name?: string;
    status?: unknown;
    statusCode?: unknown;
    headers?: HeaderBag;
    rawResponse?: { headers?: HeaderBag };
    body?: unknown;
    error?: unknown;
    message?: string;
  } | null;
  const status = typeof e?.status === 'number' ? e.status : typeof e?.statusCode === 'number' ? e.statusCode : undefined;
  const text = describe(err);
  if (status !== undefined) {
    const body = e?.body ?? e?.error ?? e?.message;
    const failure = failureFromStatus(status, body);
    const retryAfterMs = retryAfterFromHeaders(e?.headers ?? e?.rawResponse?.headers) ?? geminiRetryDelay(e?.message);
    return new ProviderError(provider, failure, { status, retryAfterMs, cause: err });
  }
  if (/Timeout/i.test(e?.name ?? '') || /timed? ?out/i.test(e?.message ?? '')) return new ProviderError(provider, 'timeout', { cause: err });
  if (err instanceof SyntaxError || /JSON|Unexpected token|Unexpected end/i.test(e?.message ?? '')) {
    return new ProviderError(provider, 'bad_reply', { cause: err });
  }
  const unreachable = UNREACHABLE.find(([re]) => re.test(text));
  if (unreachable) {
    const message = `${providerMessage(provider, 'unreachable').replace(' — ', ` (${unreachable[1]}) — `)}`;
    return new ProviderError(provider, 'unreachable', { message, cause: err });
  }
  return new ProviderError(provider, 'network', { cause: err });
}

/** A ProviderError we raised under an SDK (the guarded fetch), however deep the SDK wrapped it. */
function ownCause(err: unknown): ProviderError | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 6 && e; depth++) {
    if (e instanceof ProviderError) return e;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Gemini puts `RetryInfo.retryDelay: "3s"` in the error body it folds into the message. */
function geminiRetryDelay(message: string | undefined): number | undefined {
  const m = message?.match(/"retryDelay"\s*:\s*"(\d+(?:\.\d+)?)s"/);
  return m?.[1] ? Math.round(Number(m[1]) * 1000) : undefined;
}
