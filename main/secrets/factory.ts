import { createFileSecretStore } from './file-store';
import { createSafeStorageSecretStore, type SafeStorageLike } from './safe-storage';
import type { SecretStore } from './types';

/**
 * What the composition root calls: Electron's keychain when it offers a real one, else the
 * AES-GCM file store. On Linux without a keyring Electron reports the 'basic_text' backend (a
 * fixed password), which is no better than the file store. Environment keys are not stored:
 * the provider registry reads them itself, with the endpoint they belong to.
 */
export function createSecretStore(o: { dataDir: string; safeStorage?: SafeStorageLike }): {
  store: SecretStore;
  kind: 'safeStorage' | 'file';
} {
  const s = o.safeStorage;
  const real = s !== undefined && s.isEncryptionAvailable() && s.getSelectedStorageBackend?.() !== 'basic_text';
  const store = real ? createSafeStorageSecretStore({ safeStorage: s, dir: o.dataDir }) : createFileSecretStore({ dir: o.dataDir });
  return { store, kind: real ? 'safeStorage' : 'file' };
}
