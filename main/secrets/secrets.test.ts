import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileSecretStore, createSafeStorageSecretStore, createSecretStore, KEY_FILE, SAFE_SECRETS_FILE, SECRETS_FILE, withEnv, type SafeStorageLike } from './index';

const KEY = 'sk-proj-VERYSECRET-abcdef0123456789';
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'koru-secrets-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Every file under the folder, as bytes, for "the key is nowhere in clear text" checks. */
function everything(): string {
  return fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f)).toString('latin1')).join('\n');
}

describe('encrypted file secret store (web mode, CLI)', () => {
  it('round-trips a key while the files never contain it in clear text', () => {
    const store = createFileSecretStore({ dir });
    store.set('openai', KEY);
    expect(store.get('openai')).toBe(KEY);
    expect(createFileSecretStore({ dir }).get('openai')).toBe(KEY); // a new process reads it back
    const all = everything();
    expect(all).not.toContain(KEY);
    expect(all).not.toContain('VERYSECRET');
    expect(all).not.toContain(Buffer.from(KEY).toString('base64'));
    expect(fs.statSync(path.join(dir, KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(dir, SECRETS_FILE)).mode & 0o777).toBe(0o600);
  });

  it('status says configured/missing and never reveals the key', () => {
    const store = createFileSecretStore({ dir });
    store.set('elevenlabs', KEY);
    const status = store.status();
    expect(status).toEqual({ openai: 'missing', elevenlabs: 'configured', gemini: 'missing' });
    expect(JSON.stringify(status)).not.toContain('VERYSECRET');
    store.clear('elevenlabs');
    expect(store.status().elevenlabs).toBe('missing');
    expect(store.get('elevenlabs')).toBeUndefined();
  });

  it('a swapped key file or a moved entry fails with a clear STORAGE error', () => {
    const store = createFileSecretStore({ dir });
    store.set('openai', KEY);
    const json = JSON.parse(fs.readFileSync(path.join(dir, SECRETS_FILE), 'utf8'));
    json.keys.gemini = json.keys.openai; // AAD binds each entry to its provider
    fs.writeFileSync(path.join(dir, SECRETS_FILE), JSON.stringify(json));
    expect(() => createFileSecretStore({ dir }).get('gemini')).toThrow(/could not be decrypted/);
    fs.rmSync(path.join(dir, KEY_FILE));
    expect(() => createFileSecretStore({ dir }).get('openai')).toThrow(expect.objectContaining({ code: 'STORAGE' }));
  });

  it('refuses keys that are pasted wrong and unknown providers', () => {
    const store = createFileSecretStore({ dir });
    expect(() => store.set('openai', 'short')).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    expect(() => store.set('openai', 'two words here ok')).toThrow(/API key/);
    expect(() => store.set('offline' as never, KEY)).toThrow(/unknown provider/);
  });

  it('environment variables take precedence, and status says env', () => {
    const store = withEnv(createFileSecretStore({ dir }), { GEMINI_API_KEY: 'gm-from-env-123456', OPENAI_API_KEY: ' ' });
    store.set('gemini', KEY);
    expect(store.get('gemini')).toBe('gm-from-env-123456');
    expect(store.status()).toEqual({ openai: 'missing', elevenlabs: 'missing', gemini: 'env' });
  });
});

describe('safeStorage secret store (Electron)', () => {
  // A stand-in with the same contract: opaque bytes out, original string back.
  const fake = (available = true): SafeStorageLike => ({
    isEncryptionAvailable: () => available,
    encryptString: (s) => Buffer.from(Buffer.from(s, 'utf8').map((b) => b ^ 0x5a)),
    decryptString: (b) => Buffer.from(b.map((x) => x ^ 0x5a)).toString('utf8'),
  });

  it('stores only what safeStorage encrypted', () => {
    const store = createSafeStorageSecretStore({ safeStorage: fake(), dir });
    store.set('openai', KEY);
    expect(store.get('openai')).toBe(KEY);
    expect(store.status().openai).toBe('configured');
    expect(fs.readFileSync(path.join(dir, SAFE_SECRETS_FILE), 'latin1')).not.toContain('VERYSECRET');
  });

  it('refuses to store a key when no keychain is available', () => {
    const store = createSafeStorageSecretStore({ safeStorage: fake(false), dir });
    expect(() => store.set('openai', KEY)).toThrow(expect.objectContaining({ code: 'STORAGE' }));
    expect(fs.existsSync(path.join(dir, SAFE_SECRETS_FILE))).toBe(false);
  });
});

describe('createSecretStore', () => {
  const keychain = (backend?: string): SafeStorageLike => ({
    isEncryptionAvailable: () => true,
    encryptString: (s) => Buffer.from(s).reverse(),
    decryptString: (b) => Buffer.from(b).reverse().toString(),
    ...(backend ? { getSelectedStorageBackend: () => backend } : {}),
  });

  it('uses the keychain when real, the encrypted file otherwise, env over both', () => {
    expect(createSecretStore({ dataDir: dir, safeStorage: keychain('gnome_libsecret'), env: {} }).kind).toBe('safeStorage');
    expect(createSecretStore({ dataDir: dir, safeStorage: keychain('basic_text'), env: {} }).kind).toBe('file');
    const { store, kind } = createSecretStore({ dataDir: dir, env: { OPENAI_API_KEY: 'sk-env-key-12345678' } });
    expect(kind).toBe('file');
    expect(store.get('openai')).toBe('sk-env-key-12345678');
    expect(store.status().openai).toBe('env');
  });
});
