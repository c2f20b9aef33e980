import { KoruError } from '../../contract/errors';

/** Providers that take an API key (the offline voice never does). */
export type KeyedProvider = 'openai' | 'elevenlabs' | 'gemini';
export const KEYED_PROVIDERS: readonly KeyedProvider[] = ['openai', 'elevenlabs', 'gemini'];

/** What the UI may learn about a key: never the key itself. */
export type SecretStatus = 'configured' | 'missing' | 'env';

/**
 * Where API keys live. Only the provider registry calls get(); everything that reaches the
 * renderer goes through status(). Keys are never logged and never stored in SQLite.
 */
export interface SecretStore {
  get(provider: KeyedProvider): string | undefined;
  set(provider: KeyedProvider, key: string): void;
  clear(provider: KeyedProvider): void;
  status(): Record<KeyedProvider, SecretStatus>;
}

export function assertProvider(provider: string): asserts provider is KeyedProvider {
  if (!(KEYED_PROVIDERS as readonly string[]).includes(provider)) {
    throw new KoruError('BAD_INPUT', `unknown provider "${provider}" (keys are kept for ${KEYED_PROVIDERS.join(', ')})`);
  }
}

/** A key is one token of printable characters; anything else is a paste accident. */
export function checkKey(provider: KeyedProvider, key: string): string {
  const k = key.trim();
  if (k.length < 8 || k.length > 500 || /\s/.test(k)) {
    throw new KoruError('BAD_INPUT', `that does not look like a ${provider} API key (8–500 characters, no spaces)`);
  }
  return k;
}
