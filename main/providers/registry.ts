import crypto from 'node:crypto';
import { KoruError } from '../../contract/errors';
import type { ProviderStatus } from '../../contract/rituals';
import type { Log } from '../ipc/log';
import { envBaseUrl, withEnv, type KeyedProvider, type SecretStore } from '../secrets';
import { createElevenLabsClient, createElevenLabsSpeech, listElevenLabsModels } from './elevenlabs';
import { ProviderError, PROVIDER_NAMES, toProviderError } from './errors';
import { createSpeechChain, type ChainLink, type SpeechChain } from './fallback';
import { createGeminiClient, createGeminiSpeech, createGeminiWriter, listGeminiModels } from './gemini';
import { createOfflineSpeech } from './offline';
import { createOpenAIClient, createOpenAISpeech, createOpenAITranscriber, createOpenAIWriter, listOpenAIModels } from './openai';
import { createQueue, type ProviderQueue, type QueueOptions, type QueueStats } from './queue';
import { queuedSpeech, queuedTranscriber, queuedWriter } from './queued';
import { concurrencyFor, type ProviderSettings } from './settings';
import type { ProviderId, SpeechSynth, TextWriter, Transcriber, VoiceInfo } from './types';

export interface ProvidersOptions {
  secrets: SecretStore;
  /** A getter so settings edited in the UI apply to the next request without rebuilding. */
  settings: ProviderSettings | (() => ProviderSettings);
  log?: Log;
  env?: NodeJS.ProcessEnv;
  /** Queue tuning (tests use short delays); concurrency comes from settings. */
  queue?: Partial<Omit<QueueOptions, 'provider' | 'concurrency' | 'log'>>;
  testTimeoutMs?: number;
}

export interface ConnectionResult {
  ok: boolean;
  message: string;
  latencyMs: number;
}

export interface Providers {
  /** Speech through the given order (default: settings), skipping keyless providers, ending offline. */
  speech(order?: ProviderId[]): SpeechChain;
  writer(id?: ProviderId): TextWriter;
  transcriber(id?: ProviderId): Transcriber;
  voices(id: ProviderId, signal?: AbortSignal): Promise<VoiceInfo[]>;
  testConnection(id: ProviderId): Promise<ConnectionResult>;
  /** Key-free status for the UI (contract shape). */
  status(): ProviderStatus[];
  isConfigured(id: ProviderId): boolean;
  stats(): Partial<Record<ProviderId, QueueStats>>;
}

const CAPABILITIES: Record<ProviderId, ProviderStatus['capabilities']> = {
  openai: ['text', 'speech', 'transcribe'],
  elevenlabs: ['speech'],
  gemini: ['text', 'speech'],
  offline: ['speech'],
};

export function createProviders(o: ProvidersOptions): Providers {
  const log = o.log ?? (() => {});
  const env = o.env ?? process.env;
  // Environment keys win over stored ones (the CLI, CI and headless boxes set them).
  const secrets = withEnv(o.secrets, env);
  const settings = typeof o.settings === 'function' ? o.settings : () => o.settings as ProviderSettings;
  const queues = new Map<ProviderId, ProviderQueue>();
  const built = new Map<string, unknown>();
  let offline: SpeechSynth | undefined;

  function queue(id: ProviderId): ProviderQueue {
    const want = concurrencyFor(settings(), id);
    let q = queues.get(id);
    if (!q) {
      q = createQueue({ ...o.queue, provider: id, concurrency: want, log });
      queues.set(id, q);
    } else if (q.stats().concurrency !== want) q.setConcurrency(want);
    return q;
  }

  function key(id: KeyedProvider): string | undefined {
    try {
      return secrets.get(id);
    } catch (err) {
      log('warn', `${id}: stored key unreadable`, { message: (err as Error).message });
      return undefined;
    }
  }

  function requireKey(id: KeyedProvider): string {
    const k = key(id);
    if (!k) throw new ProviderError(id, 'auth', { message: `No ${PROVIDER_NAMES[id]} API key is set — add one in Settings → Providers` });
    return k;
  }

  function baseUrl(id: KeyedProvider): string | undefined {
    return envBaseUrl(id, env) ?? settings()[id].baseUrl ?? undefined;
  }

  /** Clients are rebuilt only when the key, URL or model changes (keys are hashed, never kept in a label). */
  function memo<T>(kind: string, parts: unknown[], make: () => T): T {
    const id = `${kind}:${crypto.createHash('sha256').update(JSON.stringify(parts)).digest('hex')}`;
    if (!built.has(id)) built.set(id, make());
    return built.get(id) as T;
  }

  function rawSpeech(id: ProviderId): SpeechSynth {
    const s = settings();
    switch (id) {
      case 'offline':
        return (offline ??= createOfflineSpeech());
      case 'openai': {
        const c = { apiKey: requireKey('openai'), baseURL: baseUrl('openai'), speechModel: s.openai.speechModel };
        return memo('openai-speech', [c], () => createOpenAISpeech(c));
      }
      case 'elevenlabs': {
        const c = { apiKey: requireKey('elevenlabs'), baseUrl: baseUrl('elevenlabs'), speechModel: s.elevenlabs.speechModel };
        return memo('elevenlabs-speech', [c], () => createElevenLabsSpeech(c));
      }
      case 'gemini': {
        const c = { apiKey: requireKey('gemini'), baseUrl: baseUrl('gemini'), speechModel: s.gemini.speechModel };
        return memo('gemini-speech', [c], () => createGeminiSpeech(c));
      }
    }
  }

  function isConfigured(id: ProviderId): boolean {
    return id === 'offline' || key(id) !== undefined;
  }

  return {
    speech(order = settings().speechOrder) {
      const s = settings();
      const ids = [...new Set([...order, 'offline' as const])];
      const links: ChainLink[] = [];
      for (const id of ids) {
        if (!isConfigured(id)) {
          log('info', `${id}: no API key, left out of the speech chain`);
          continue;
        }
        const voice = s[id].voice;
        links.push({ synth: queuedSpeech(rawSpeech(id), queue(id)), voice });
      }
      return createSpeechChain(links, { log, primary: order[0] ?? 'offline' });
    },

    writer(id = settings().writer) {
      const s = settings();
      if (id === 'openai') {
        const c = { apiKey: requireKey('openai'), baseURL: baseUrl('openai'), textModel: s.openai.textModel };
        return queuedWriter(memo('openai-writer', [c], () => createOpenAIWriter(c)), queue('openai'));
      }
      if (id === 'gemini') {
        const c = { apiKey: requireKey('gemini'), baseUrl: baseUrl('gemini'), textModel: s.gemini.textModel };
        return queuedWriter(memo('gemini-writer', [c], () => createGeminiWriter(c)), queue('gemini'));
      }
      throw new KoruError('BAD_INPUT', `${PROVIDER_NAMES[id]} does not write text here (use OpenAI, Gemini, or the offline ritual writer)`);
    },

    transcriber(id = 'openai') {
      if (id !== 'openai') throw new KoruError('BAD_INPUT', `${PROVIDER_NAMES[id]} does not transcribe in Koru (only OpenAI does)`);
      const c = { apiKey: requireKey('openai'), baseURL: baseUrl('openai'), transcribeModel: settings().openai.transcribeModel };
      return queuedTranscriber(memo('openai-transcriber', [c], () => createOpenAITranscriber(c)), queue('openai'));
    },

    voices(id, signal) {
      return queuedSpeech(rawSpeech(id), queue(id)).voices(signal);
    },

    async testConnection(id) {
      const t0 = performance.now();
      const done = (ok: boolean, message: string): ConnectionResult => ({ ok, message, latencyMs: Math.round(performance.now() - t0) });
      const signal = AbortSignal.timeout(o.testTimeoutMs ?? 15_000);
      try {
        if (id === 'offline') {
          await rawSpeech('offline').prepare?.();
          return done(true, 'The offline voice is ready');
        }
        const apiKey = requireKey(id);
        let models: string[];
        // A direct call (no retries): the person is waiting for a yes or no.
        if (id === 'openai') models = await listOpenAIModels(createOpenAIClient({ apiKey, baseURL: baseUrl(id) }), signal);
        else if (id === 'elevenlabs') models = await listElevenLabsModels(createElevenLabsClient({ apiKey, baseUrl: baseUrl(id) }), signal);
        else models = await listGeminiModels(createGeminiClient({ apiKey, baseUrl: baseUrl(id) }), signal);
        return done(true, `Connected to ${PROVIDER_NAMES[id]} (${models.length} models available)`);
      } catch (err) {
        const e = err instanceof KoruError ? err : toProviderError(id, err, signal.aborted);
        return done(false, e.message);
      }
    },

    status() {
      const all = secrets.status();
      return (['openai', 'elevenlabs', 'gemini', 'offline'] as const).map((provider) => {
        if (provider === 'offline') return { provider, configured: true, source: 'builtin' as const, capabilities: CAPABILITIES[provider] };
        const st = all[provider];
        const source = st === 'env' ? ('env' as const) : st === 'configured' ? ('store' as const) : ('none' as const);
        return { provider, configured: source !== 'none', source, capabilities: CAPABILITIES[provider] };
      });
    },

    isConfigured,
    stats: () => Object.fromEntries([...queues].map(([id, q]) => [id, q.stats()])),
  };
}
