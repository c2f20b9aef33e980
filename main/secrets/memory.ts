import { KEYED_PROVIDERS, assertProvider, checkKey, type KeyedProvider, type SecretStatus, type SecretStore } from './types';

export function createMemorySecretStore(initial: Partial<Record<KeyedProvider, string>> = {}): SecretStore {
  const keys = new Map(Object.entries(initial) as Array<[KeyedProvider, string]>);
  return {
    get: (p) => keys.get(p),
    set(p, key) {
      assertProvider(p);
      keys.set(p, checkKey(p, key));
    },
    clear: (p) => void keys.delete(p),
    status: () => Object.fromEntries(KEYED_PROVIDERS.map((p) => [p, keys.has(p) ? 'configured' : 'missing'])) as Record<KeyedProvider, SecretStatus>,
  };
}
