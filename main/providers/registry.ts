import crypto from 'node:crypto';
import { KoruError } from '../../contract/errors';
import {
  hasCapability,
  isKeyedProvider,
  OFFLINE,
  PROVIDER_IDS,
  PROVIDERS,
  providerLabel,
  providersThat,
  speechModelOf,
  voiceOf,
  type KeyedProviderId,
  type ProviderStatus,
} from '../../contract/providers';
import type { Log } from '../log';
import { envKey, type SecretStore } from '../secrets';
import { KEYLESS, missingKeyError, resolveCredential, resolveEndpoint, type Endpoint } from './endpoint';
import { ProviderError, toProviderError } from './errors';
import { createSpeechChain, type ChainLink, type SpeechChain } from './fallback';
import type { GitHubAccess } from './github';
import { guardedFetch } from './guarded-fetch';
import { PREVIEW_TEXT, previewWav, type Preview } from './preview';
import { createQueue, type ProviderQueue, type QueueOptions, type QueueStats } from './queue';
import { queuedSpeech, queuedToolChat, queuedTranscriber, queuedWriter } from './queued';
import { concurrencyFor, type ProviderSettings } from './settings';
import type { ProviderId, SpeechSynth, TextWriter, ToolChat, Transcriber, VoiceAgent, VoiceInfo } from './types';
import type { Connection, VendorContext } from './vendor';
import { VENDORS } from './vendors';

export interface ProvidersOptions {
  secrets: SecretStore;
  /** A getter so settings edited in the UI apply to the next request without rebuilding. */
  settings: ProviderSettings | (() => ProviderSettings);
  log?: Log;
  env?: NodeJS.ProcessEnv;
  /** Queue tuning (tests use short delays); concurrency comes from settings. */
  queue?: Partial<Omit<QueueOptions, 'provider' | 'concurrency' | 'log' | 'onOutcome'>>;
  testTimeoutMs?: number;
  /** Told when what status() answers changed: a provider started or stopped failing, a key changed. */
  onStatus?: (statuses: ProviderStatus[]) => void;
}

export interface ConnectionResult {
  ok: boolean;
  message: string;
  latencyMs: number;
}

export interface PreviewRequest {
  provider: ProviderId;
  voice: string;
  text?: string;
}

export interface Providers {
  /** Speech through the given order (default: settings), skipping keyless providers, ending offline. */
  speech(order?: ProviderId[]): SpeechChain;
  writer(id?: ProviderId): TextWriter;
  /** Default: the first transcribing provider (table order) with a key for its endpoint. */
  transcriber(id?: ProviderId): Transcriber;
  /** A chat model that calls functions (the assistant's turn-by-turn engine). */
  toolChat(id?: ProviderId): ToolChat;
  /** A voice agent (Deepgram): one connection per conversation, so no queue. */
  agent(id?: ProviderId): VoiceAgent;
  voices(id: ProviderId, signal?: AbortSignal): Promise<VoiceInfo[]>;
  testConnection(id: ProviderId): Promise<ConnectionResult>;
  /** Key-free status for the UI (contract shape). */
  status(): ProviderStatus[];
  isConfigured(id: ProviderId): boolean;
  stats(): Partial<Record<ProviderId, QueueStats>>;
  /** Stores a key for the endpoint in effect now: it is only ever sent there. */
  setKey(id: KeyedProviderId, key: string): ProviderStatus[];
  clearKey(id: KeyedProviderId): ProviderStatus[];
  /** A short sample in this voice, as a small WAV (no fallback: the person asked for this voice). */
  preview(req: PreviewRequest, signal?: AbortSignal): Promise<Preview>;
  /** Settings were saved (a base URL may have moved): tell onStatus. */
  settingsChanged(): void;
  /** GitHub for code stories: its API endpoint and the token entered for it, if any (public
   *  repositories need none). Throws only when the configured base URL cannot be used. */
  github(): GitHubAccess;
}

/** The registry calls vendors through one loose shape; vendor.ts checked each one's real type. */
interface AnyVendor {
  speech?(ctx: VendorContext<ProviderId>): SpeechSynth;
  writer?(ctx: VendorContext<ProviderId>): TextWriter;
  transcriber?(ctx: VendorContext<ProviderId>): Transcriber;
  toolChat?(ctx: VendorContext<ProviderId>): ToolChat;
  agent?(ctx: VendorContext<ProviderId>): VoiceAgent;
  probe?(c: Connection, signal: AbortSignal): Promise<string>;
  ready?(): Promise<void>;
}
const vendor = (id: ProviderId) => VENDORS[id] as unknown as AnyVendor;
const isKeyed = isKeyedProvider;
const names = (ids: ProviderId[]) => ids.map(providerLabel).join(' or ');

const PREVIEW_TIMEOUT_MS = 30_000;
const PREVIEW_CACHE = 16;

export function createProviders(o: ProvidersOptions): Providers {
  const log = o.log ?? (() => {});
  const env = o.env ?? process.env;
  const settings = typeof o.settings === 'function' ? o.settings : () => o.settings as ProviderSettings;
  const queues = new Map<ProviderId, ProviderQueue>();
  const built = new Map<string, unknown>();
  /** The last failure per provider, with the endpoint it happened at, until a success. */
  const problems = new Map<ProviderId, { message: string; origin: string | null }>();
  const previews = new Map<string, Preview>();

  function queue(id: ProviderId): ProviderQueue {
    const want = concurrencyFor(settings(), id);
    let q = queues.get(id);
    if (!q) {
      q = createQueue({ ...o.queue, provider: id, concurrency: want, log, onOutcome: (err, label) => record(id, err, label) });
      queues.set(id, q);
    } else if (q.stats().concurrency !== want) q.setConcurrency(want);
    return q;
  }

  function endpoint(id: KeyedProviderId): Endpoint {
    return resolveEndpoint(id, (settings()[id] as { baseUrl?: string | null }).baseUrl ?? null, env);
  }

  function originOrNull(id: ProviderId): string | null {
    if (!isKeyed(id)) return null;
    try {
      return endpoint(id).origin;
    } catch {
      return null;
    }
  }

  /** What a client is built with; throws when no request may go out (no key for this endpoint). */
  function connection(id: KeyedProviderId): Connection {
    const ep = endpoint(id);
    let stored;
    try {
      stored = o.secrets.get(id);
    } catch (err) {
      // Shown as the provider's problem: the status alone would still say a key is stored.
      log('warn', `${id}: stored key unreadable`, { message: (err as Error).message });
      setProblem(id, (err as Error).message);
    }
    const cred = resolveCredential(id, ep, stored, env);
    const apiKey = cred.use === 'env' ? envKey(id, env) : cred.use === 'store' ? stored?.key : cred.use === 'local' ? KEYLESS : undefined;
    if (apiKey === undefined) throw missingKeyError(id, ep, cred.detached);
    return { apiKey, baseUrl: ep.baseUrl, fetch: guardedFetch(id, ep.origin) };
  }

  /** Clients are rebuilt only when what they are built from changes (keys hashed, never kept in a label). */
  function build<T>(kind: string, id: ProviderId, make: ((ctx: VendorContext<ProviderId>) => T) | undefined, refuse: () => KoruError): T {
    if (!make) throw refuse();
    const ctx = { settings: settings()[id], connection: isKeyed(id) ? connection(id) : undefined } as VendorContext<ProviderId>;
    const c = ctx.connection as Connection | undefined;
    const parts = [kind, id, ctx.settings, c ? [c.baseUrl, crypto.createHash('sha256').update(c.apiKey).digest('hex')] : null];
    const key = crypto.createHash('sha256').update(JSON.stringify(parts)).digest('hex');
    if (!built.has(key)) built.set(key, make(ctx));
    return built.get(key) as T;
  }

  const rawSpeech = (id: ProviderId) =>
    build('speech', id, vendor(id).speech, () => new KoruError('BAD_INPUT', `${providerLabel(id)} does not speak in Koru (use ${names(providersThat('speech'))})`));

  function isConfigured(id: ProviderId): boolean {
    if (!isKeyed(id)) return true;
    try {
      return statusOf(id, keyInfo()).configured;
    } catch {
      return false;
    }
  }

  function keyInfo() {
    try {
      return o.secrets.status();
    } catch (err) {
      log('warn', 'stored keys unreadable', { message: (err as Error).message });
      return null;
    }
  }

  function statusOf(id: ProviderId, keys: ReturnType<typeof keyInfo>): ProviderStatus {
    const base = { provider: id, capabilities: [...PROVIDERS[id].capabilities], problem: problems.get(id)?.message ?? null };
    if (!isKeyed(id)) return { ...base, configured: true, source: 'builtin', endpoint: null, endpointSource: null, detachedKey: null };
    let ep: Endpoint;
    try {
      ep = endpoint(id);
    } catch (err) {
      return { ...base, configured: false, source: 'none', endpoint: null, endpointSource: null, detachedKey: null, problem: (err as Error).message };
    }
    const info = keys?.[id];
    const cred = resolveCredential(id, ep, info?.stored ? { origin: info.origin } : undefined, env);
    const problem = problems.get(id);
    return {
      ...base,
      configured: cred.use !== 'none',
      source: cred.use,
      endpoint: ep.host,
      endpointSource: ep.source,
      detachedKey: cred.detached,
      // A failure at an endpoint no longer in use is not this one's.
      problem: problem && problem.origin === ep.origin ? problem.message : null,
    };
  }

  function status(): ProviderStatus[] {
    const keys = keyInfo();
    return PROVIDER_IDS.map((id) => statusOf(id, keys));
  }

  function announce(): ProviderStatus[] {
    const s = status();
    try {
      o.onStatus?.(s);
    } catch (err) {
      log('warn', 'providers: a status listener failed', err);
    }
    return s;
  }

  /** A voice list can be a fixed one (no request), so only its failures say anything. */
  function record(id: ProviderId, err: ProviderError | null, label?: string): void {
    if (err === null && label === 'voices') return;
    setProblem(id, err?.message ?? null);
  }

  function setProblem(id: ProviderId, message: string | null): void {
    const before = problems.get(id)?.message ?? null;
    if (message) problems.set(id, { message, origin: originOrNull(id) });
    else problems.delete(id);
    if (before !== message) announce();
  }

  return {
    speech(order = settings().speechOrder) {
      const s = settings();
      const ids = [...new Set<ProviderId>([...order, OFFLINE])].filter((id) => hasCapability(id, 'speech'));
      const links: ChainLink[] = [];
      for (const id of ids) {
        if (!isConfigured(id)) {
          log('info', `${id}: no API key for its endpoint, left out of the speech chain`);
          continue;
        }
        links.push({ synth: queuedSpeech(rawSpeech(id), queue(id)), voice: voiceOf(s, id) });
      }
      return createSpeechChain(links, { log, primary: order[0] ?? OFFLINE });
    },

    writer(id = settings().writer) {
      const refuse = () => new KoruError('BAD_INPUT', `${providerLabel(id)} does not write text here (use ${names(providersThat('text'))}, or the offline ritual writer)`);
      return queuedWriter(build('writer', id, vendor(id).writer, refuse), queue(id));
    },

    transcriber(id = providersThat('transcribe').find(isConfigured) ?? providersThat('transcribe')[0] ?? OFFLINE) {
      const refuse = () => new KoruError('BAD_INPUT', `${providerLabel(id)} does not transcribe in Koru (use ${names(providersThat('transcribe'))})`);
      return queuedTranscriber(build('transcriber', id, vendor(id).transcriber, refuse), queue(id));
    },

    toolChat(id = providersThat('tools').find(isConfigured) ?? providersThat('tools')[0] ?? OFFLINE) {
      const refuse = () => new KoruError('BAD_INPUT', `${providerLabel(id)} does not call functions in Koru (use ${names(providersThat('tools'))})`);
      return queuedToolChat(build('toolChat', id, vendor(id).toolChat, refuse), queue(id));
    },

    agent(id = providersThat('agent')[0] ?? OFFLINE) {
      const refuse = () => new KoruError('BAD_INPUT', `${providerLabel(id)} has no voice agent in Koru (use ${names(providersThat('agent'))})`);
      return build('agent', id, vendor(id).agent, refuse);
    },

    voices(id, signal) {
      return queuedSpeech(rawSpeech(id), queue(id)).voices(signal);
    },

    async testConnection(id) {
      const t0 = performance.now();
      const done = (ok: boolean, message: string): ConnectionResult => ({ ok, message, latencyMs: Math.round(performance.now() - t0) });
      const name = providerLabel(id);
      const signal = AbortSignal.timeout(o.testTimeoutMs ?? 15_000);
      let c: Connection | undefined;
      try {
        if (isKeyed(id)) c = connection(id);
      } catch (err) {
        return done(false, (err as Error).message); // nothing was sent: not a failure of the provider
      }
      try {
        // A direct call (no retries): the person is waiting for a yes or no.
        if (!c) {
          await vendor(id).ready?.();
          return done(true, `${name} is ready`);
        }
        const found = await vendor(id).probe!(c, signal);
        record(id, null);
        return done(true, `Connected to ${name} at ${new URL(c.baseUrl).host} (${found})`);
      } catch (err) {
        const e = err instanceof KoruError && !(err instanceof ProviderError) ? err : toProviderError(id, err, signal.aborted);
        if (e instanceof ProviderError) record(id, e);
        return done(false, e.message);
      }
    },

    status,
    isConfigured,
    stats: () => Object.fromEntries([...queues].map(([id, q]) => [id, q.stats()])),

    setKey(id, key) {
      // Bound to the endpoint in effect now: a base URL moved later does not take the key along.
      o.secrets.set(id, key, endpoint(id).origin);
      problems.delete(id);
      return announce();
    },

    clearKey(id) {
      o.secrets.clear(id);
      problems.delete(id);
      return announce();
    },

    async preview({ provider: id, voice, text = PREVIEW_TEXT }, signal) {
      const synth = rawSpeech(id);
      const memo = JSON.stringify([id, speechModelOf(settings(), id), voice, text, originOrNull(id)]);
      const hit = previews.get(memo);
      if (hit) return hit;
      const timeout = AbortSignal.timeout(PREVIEW_TIMEOUT_MS);
      const audio = await queuedSpeech(synth, queue(id)).speak({ text, voice, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
      const result = previewWav(id, audio);
      previews.set(memo, result);
      if (previews.size > PREVIEW_CACHE) previews.delete(previews.keys().next().value!);
      return result;
    },

    settingsChanged: () => void announce(),

    github() {
      const ep = endpoint('github');
      let stored;
      try {
        stored = o.secrets.get('github');
      } catch (err) {
        log('warn', 'github: stored token unreadable', { message: (err as Error).message });
      }
      const cred = resolveCredential('github', ep, stored, env);
      const token = cred.use === 'env' ? envKey('github', env) : cred.use === 'store' ? stored?.key : undefined;
      return { apiBaseUrl: ep.baseUrl, origin: ep.origin, token: token ?? null, fetch: guardedFetch('github', ep.origin) };
    },
  };
}
