import path from 'node:path';
import { KoruError } from '../../contract/errors';
import { cloudOf, KEYED_PROVIDERS } from '../../contract/providers';
import { readJson, writeJsonPrivate } from './json-file';
import { assertProvider, checkKey, checkOrigin, defaultOrigin, statusOf, type KeyedProvider, type SecretStore } from './types';

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

/** `sealed` encrypts `{ key, origin }` together, so the clear `origin` (read for status without
 *  the keychain) cannot be edited to send the key elsewhere. A bare string is an entry written
 *  before keys were bound to endpoints: the key alone, belonging to the vendor's endpoint. */
type Entry = string | { sealed: string; origin: string };

interface SafeJson {
  version: 1;
  keys: Partial<Record<KeyedProvider, Entry>>;
}

const envNames = KEYED_PROVIDERS.map((p) => cloudOf(p).keyEnv).join(' / ');

export function createSafeStorageSecretStore({ safeStorage, dir }: { safeStorage: SafeStorageLike; dir: string }): SecretStore {
  const file = path.join(dir, SAFE_SECRETS_FILE);
  const load = () => readJson<SafeJson>(file, { version: 1, keys: {} });
  const originOf = (provider: KeyedProvider, e: Entry) => (typeof e === 'string' ? defaultOrigin(provider) : e.origin);
  const unreadable = (provider: KeyedProvider) =>
    new KoruError('STORAGE', `the stored ${provider} key could not be decrypted by the system keychain — enter it again in Settings → Providers`);

  function open(provider: KeyedProvider, e: Entry): { key: string; origin: string } {
    let plain: string;
    try {
      plain = safeStorage.decryptString(Buffer.from(typeof e === 'string' ? e : e.sealed, 'base64'));
    } catch {
      throw unreadable(provider);
    }
    if (typeof e === 'string') return { key: plain, origin: defaultOrigin(provider) };
    let inner: { key?: unknown; origin?: unknown };
    try {
      inner = JSON.parse(plain) as typeof inner;
    } catch {
      throw unreadable(provider);
    }
    if (typeof inner.key !== 'string' || inner.origin !== e.origin) throw unreadable(provider);
    return { key: inner.key, origin: e.origin };
  }

  return {
    get(provider) {
      assertProvider(provider);
      const entry = load().keys[provider];
      if (!entry) return undefined;
      if (!safeStorage.isEncryptionAvailable()) {
        throw new KoruError('STORAGE', 'the system keychain is locked or unavailable, so Koru cannot read your API keys — unlock it or use environment variables');
      }
      return open(provider, entry);
    },
    set(provider, value, origin) {
      assertProvider(provider);
      const k = checkKey(provider, value);
      const o = checkOrigin(origin);
      if (!safeStorage.isEncryptionAvailable()) {
        throw new KoruError('STORAGE', `this system offers no keychain for Koru to encrypt keys with — set ${envNames} instead`);
      }
      const json = load();
      json.keys[provider] = { sealed: safeStorage.encryptString(JSON.stringify({ key: k, origin: o })).toString('base64'), origin: o };
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
      return statusOf(Object.fromEntries(Object.entries(keys).map(([p, e]) => [p, { origin: originOf(p as KeyedProvider, e) }])));
    },
  };
}
