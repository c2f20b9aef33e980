import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { KoruError } from '../../contract/errors';
import { writeFileAtomic } from '../storage';
import { readJson, writeJsonPrivate } from './json-file';
import { assertProvider, checkKey, checkOrigin, defaultOrigin, statusOf, type KeyedProvider, type SecretStore } from './types';

/**
 * Web mode and the CLI: keys in `secrets.json`, each sealed with AES-256-GCM under a random
 * 256-bit key kept in a separate `secret.key` (mode 0600). This keeps keys out of the database
 * and out of a backup or copy of secrets.json alone; it does NOT stop someone who can read the
 * data folder as this user (they can read secret.key too). See main/providers/README.md.
 */
export const SECRETS_FILE = 'secrets.json';
export const KEY_FILE = 'secret.key';

interface Sealed {
  iv: string;
  tag: string;
  data: string;
  /** The endpoint the key was entered for, also sealed into the associated data (an edited
   *  origin fails to open). Absent in entries written before keys were bound to endpoints. */
  origin?: string;
}
interface SecretsJson {
  version: 1;
  keys: Partial<Record<KeyedProvider, Sealed>>;
}

/** What the cipher authenticates besides the key: which provider, and which endpoint. */
function associated(provider: KeyedProvider, origin: string | undefined): Buffer {
  return Buffer.from(origin === undefined ? provider : `${provider}\n${origin}`);
}

function loadOrCreateKey(file: string): Buffer {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    // Exclusive: never overwrite an existing key (that would orphan every stored secret); atomic:
    // a crash cannot leave a short key behind.
    writeFileAtomic(file, crypto.randomBytes(32), { mode: 0o600, exclusive: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new KoruError('STORAGE', `could not create ${KEY_FILE}: ${(err as Error).message}`);
    }
  }
  const key = fs.readFileSync(file);
  if (key.length !== 32) throw new KoruError('STORAGE', `${KEY_FILE} is damaged (expected 32 bytes) — delete it and re-enter your API keys`);
  return key;
}

export function createFileSecretStore({ dir }: { dir: string }): SecretStore {
  const secretsPath = path.join(dir, SECRETS_FILE);
  const keyPath = path.join(dir, KEY_FILE);
  let key: Buffer | undefined;
  const master = () => (key ??= loadOrCreateKey(keyPath));
  const load = () => readJson<SecretsJson>(secretsPath, { version: 1, keys: {} });
  const originOf = (provider: KeyedProvider, sealed: Sealed) => sealed.origin ?? defaultOrigin(provider);

  return {
    get(provider) {
      assertProvider(provider);
      const sealed = load().keys[provider];
      if (!sealed) return undefined;
      try {
        const decipher = crypto.createDecipheriv('aes-256-gcm', master(), Buffer.from(sealed.iv, 'base64'));
        decipher.setAAD(associated(provider, sealed.origin)); // moved to another provider or endpoint: fails
        decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
        const plain = Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
        return { key: plain, origin: originOf(provider, sealed) };
      } catch {
        throw new KoruError('STORAGE', `the stored ${provider} key could not be decrypted (was ${KEY_FILE} replaced?) — enter it again in Settings → Providers`);
      }
    },
    set(provider, value, origin) {
      assertProvider(provider);
      const k = checkKey(provider, value);
      const o = checkOrigin(origin);
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', master(), iv);
      cipher.setAAD(associated(provider, o));
      const data = Buffer.concat([cipher.update(k, 'utf8'), cipher.final()]);
      const json = load();
      json.keys[provider] = { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64'), origin: o };
      writeJsonPrivate(secretsPath, json);
    },
    clear(provider) {
      assertProvider(provider);
      const json = load();
      if (!json.keys[provider]) return;
      delete json.keys[provider];
      writeJsonPrivate(secretsPath, json);
    },
    status() {
      const keys = load().keys;
      return statusOf(Object.fromEntries(Object.entries(keys).map(([p, s]) => [p, { origin: originOf(p as KeyedProvider, s) }])));
    },
  };
}
