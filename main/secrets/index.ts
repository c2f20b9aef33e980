export { KEYED_PROVIDERS, defaultOrigin, type KeyedProvider, type KeyInfo, type SecretStore, type StoredKey } from './types';
export { envKey, envBaseUrl } from './env';
export { createFileSecretStore, SECRETS_FILE, KEY_FILE } from './file-store';
export { createSafeStorageSecretStore, SAFE_SECRETS_FILE, type SafeStorageLike } from './safe-storage';

/** An in-memory store for tests and for a CLI run that only uses environment variables. */
export { createMemorySecretStore } from './memory';
export { createSecretStore } from './factory';
