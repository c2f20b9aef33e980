import { withEnv } from './env';
import { createFileSecretStore } from './file-store';
import { createSafeStorageSecretStore, type SafeStorageLike } from './safe-storage';
import type { SecretStore } from './types';

/**
 * What the composition root calls: Electron's keychain when it offers a real one, else the
 * AES-GCM file store; environment variables over either. On Linux without a keyring Electron
 * reports the 'basic_text' backend (a fixed password), which is no better than the file store.
 */
export function createSecretStore(o: { dataDir: string; safeStorage?: SafeStorageLike; env?: NodeJS.ProcessEnv }): {
  store: SecretStore;
  kind: 'safeStorage' | 'file';
} {
  const s = o.safeStorage;
  const real = s !== undefined && s.isEncryptionAvailable() && s.getSelectedStorageBackend?.() !== 'basic_text';
  const base = real ? createSafeStorageSecretStore({ safeStorage: s, dir: o.dataDir }) : createFileSecretStore({ dir: o.dataDir });
  return { store: withEnv(base, o.env ?? process.env), kind: real ? 'safeStorage' : 'file' };
}
