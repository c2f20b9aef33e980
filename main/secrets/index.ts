export { KEYED_PROVIDERS, type KeyedProvider, type SecretStatus, type SecretStore } from './types';
export { KEY_ENV, BASE_URL_ENV, envKey, envBaseUrl, withEnv } from './env';
export { createFileSecretStore, SECRETS_FILE, KEY_FILE } from './file-store';
export { createSafeStorageSecretStore, SAFE_SECRETS_FILE, type SafeStorageLike } from './safe-storage';

/** An in-memory store for tests and for a CLI run that only uses environment variables. */
export { createMemorySecretStore } from './memory';
export { createSecretStore } from './factory';
