import { KoruError } from '../../contract/errors';
import { cloudOf, KEYED_PROVIDERS, type KeyedProviderId } from '../../contract/providers';

/** Providers that take an API key (declared in contract/providers.ts). */
export type KeyedProvider = KeyedProviderId;
export { KEYED_PROVIDERS };

/**
 * A stored key and the endpoint origin it was entered for (`https://api.openai.com`): it is only
 * ever sent there. `origin: null` only comes from a store given keys by this process's own
 * configuration (the CLI, tests), which follow the environment variables' rule instead.
 */
export interface StoredKey {
  key: string;
  origin: string | null;
}

/** What the UI may learn about a stored key: whether there is one and where it belongs. */
export interface KeyInfo {
  stored: boolean;
  origin: string | null;
}

/**
 * Where API keys live. Only the provider registry calls get(); everything that reaches the
 * renderer goes through status(). Keys are never logged and never stored in SQLite.
 */
export interface SecretStore {
  get(provider: KeyedProvider): StoredKey | undefined;
  /** `origin`: the endpoint the key is entered for (see StoredKey). */
  set(provider: KeyedProvider, key: string, origin: string): void;
  clear(provider: KeyedProvider): void;
  status(): Record<KeyedProvider, KeyInfo>;
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

/** Origins are compared exactly: scheme, host and port (`new URL(x).origin`). */
export function checkOrigin(origin: string): string {
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    throw new KoruError('BAD_INPUT', `"${origin}" is not an endpoint address`);
  }
  if (parsed.origin === 'null' || parsed.origin !== origin) throw new KoruError('BAD_INPUT', `"${origin}" is not an endpoint origin`);
  return origin;
}

/** The vendor's own origin. Keys stored before keys were bound to an endpoint, and environment
 *  keys without a base URL of their own, belong there. */
export function defaultOrigin(provider: KeyedProvider): string {
  return new URL(cloudOf(provider).defaultBaseUrl).origin;
}

export function statusOf(entries: Partial<Record<KeyedProvider, { origin: string | null }>>): Record<KeyedProvider, KeyInfo> {
  return Object.fromEntries(
    KEYED_PROVIDERS.map((p) => {
      const e = entries[p];
      return [p, { stored: e !== undefined, origin: e?.origin ?? null }];
    }),
  ) as Record<KeyedProvider, KeyInfo>;
}
