import { assertProvider, checkKey, checkOrigin, statusOf, type KeyedProvider, type SecretStore, type StoredKey } from './types';

/**
 * Keys in memory, for tests and for a CLI run. Initial keys given as bare strings come from the
 * process's own configuration, like environment variables, and follow their rule (the env base
 * URL if set, else the vendor's endpoint); `{ key, origin }` binds one to an endpoint.
 */
export function createMemorySecretStore(initial: Partial<Record<KeyedProvider, string | { key: string; origin: string }>> = {}): SecretStore {
  const keys = new Map<KeyedProvider, StoredKey>(
    Object.entries(initial).map(([p, v]) => [p as KeyedProvider, typeof v === 'string' ? { key: v, origin: null } : { key: v!.key, origin: checkOrigin(v!.origin) }]),
  );
  return {
    get: (p) => keys.get(p),
    set(p, key, origin) {
      assertProvider(p);
      keys.set(p, { key: checkKey(p, key), origin: checkOrigin(origin) });
    },
    clear: (p) => void keys.delete(p),
    status: () => statusOf(Object.fromEntries(keys)),
  };
}
