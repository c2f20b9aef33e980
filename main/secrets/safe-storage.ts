import path from 'node:path';
import { KoruError } from '../../contract/errors';
import { readJson, writeJsonPrivate } from './json-file';
import { KEYED_PROVIDERS, assertProvider, checkKey, type KeyedProvider, type SecretStatus, type SecretStore } from './types';

/**
 * The slice of Electron's `safeStorage` Koru uses, injected by main/electron so nothing else
 * imports electron. It encrypts with the OS keychain (Keychain, DPAPI, libsecret/kwallet).
 */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only (`safeStorage.getSelectedStorageBackend()`): 'basic_text' means no real keyring. */
  getSelectedStorageBackend?(): string;
}

export const SAFE_SECRETS_FILE = 'secrets.safe.json';

interface SafeJson {
  version: 1;
  keys: Partial<Record<KeyedProvider, string>>;
}

export function createSafeStorageSecretStore({ safeStorage, dir }: { safeStorage: SafeStorageLike; dir: string }): SecretStore {
  const file = path.join(dir, SAFE_SECRETS_FILE);
  const load = () => readJson<SafeJson>(file, { version: 1, keys: {} });

  return {
    get(provider) {
      assertProvider(provider);
      const sealed = load().keys[provider];
      if (!sealed) return undefined;
      if (!safeStorage.isEncryptionAvailable()) {
        throw new KoruError('STORAGE', 'the system keychain is locked or unavailable, so Koru cannot read your API keys — unlock it or use environment variables');
      }
      try {
        return safeStorage.decryptString(Buffer.from(sealed, 'base64'));
      } catch {
        throw new KoruError('STORAGE', `the stored ${provider} key could not be decrypted by the system keychain — enter it again in Settings → Providers`);
      }
    },
    set(provider, value) {
      assertProvider(provider);
      const k = checkKey(provider, value);
      if (!safeStorage.isEncryptionAvailable()) {
        throw new KoruError('STORAGE', 'this system offers no keychain for Koru to encrypt keys with — set OPENAI_API_KEY / ELEVENLABS_API_KEY / GEMINI_API_KEY instead');
      }
      const json = load();
      json.keys[provider] = safeStorage.encryptString(k).toString('base64');
      writeJsonPrivate(file, json);
    },
    clear(provider) {
      assertProvider(provider);
      const json = load();
      if (!json.keys[provider]) return;
      delete json.keys[provider];
      writeJsonPrivate(file, json);
    },
    status() {
      const keys = load().keys;
      return Object.fromEntries(KEYED_PROVIDERS.map((p) => [p, keys[p] ? 'configured' : 'missing'])) as Record<KeyedProvider, SecretStatus>;
    },
  };
}
