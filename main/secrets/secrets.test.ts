import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createFileSecretStore,
  createMemorySecretStore,
  createSafeStorageSecretStore,
  createSecretStore,
  defaultOrigin,
  KEY_FILE,
  SAFE_SECRETS_FILE,
  SECRETS_FILE,
  type SafeStorageLike,
} from './index';

const KEY = 'sk-proj-VERYSECRET-abcdef0123456789';
const OPENAI = 'https://api.openai.com';
const LOCAL = 'http://127.0.0.1:11434';
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'koru-secrets-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Every file under the folder, as bytes, for "the key is nowhere in clear text" checks. */
function everything(): string {
  return fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f)).toString('latin1')).join('\n');
}
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
const writeJson = (file: string, v: unknown) => fs.writeFileSync(path.join(dir, file), JSON.stringify(v));

describe('encrypted file secret store (web mode, CLI)', () => {
  it('round-trips a key with the endpoint it was entered for, never writing the key in clear text', () => {
    const store = createFileSecretStore({ dir });
    store.set('openai', KEY, OPENAI);
    expect(store.get('openai')).toEqual({ key: KEY, origin: OPENAI });
    expect(createFileSecretStore({ dir }).get('openai')).toEqual({ key: KEY, origin: OPENAI }); // a new process reads it back
    const all = everything();
    expect(all).not.toContain(KEY);
    expect(all).not.toContain('VERYSECRET');
    expect(all).not.toContain(Buffer.from(KEY).toString('base64'));
    expect(fs.statSync(path.join(dir, KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(dir, SECRETS_FILE)).mode & 0o777).toBe(0o600);
  });

  it('status says where each stored key belongs and never reveals it', () => {
    const store = createFileSecretStore({ dir });
    store.set('elevenlabs', KEY, LOCAL);
    const status = store.status();
    expect(status).toEqual({
      openai: { stored: false, origin: null },
      elevenlabs: { stored: true, origin: LOCAL },
      gemini: { stored: false, origin: null },
      anthropic: { stored: false, origin: null },
      github: { stored: false, origin: null },
      deepgram: { stored: false, origin: null },
    });
    expect(JSON.stringify(status)).not.toContain('VERYSECRET');
    store.clear('elevenlabs');
    expect(store.status().elevenlabs.stored).toBe(false);
    expect(store.get('elevenlabs')).toBeUndefined();
  });

  it('an entry moved to another provider, or edited to another endpoint, fails to open', () => {
    const store = createFileSecretStore({ dir });
    store.set('openai', KEY, OPENAI);
    const json = readJson(SECRETS_FILE);
    writeJson(SECRETS_FILE, { ...json, keys: { ...json.keys, gemini: json.keys.openai } });
    expect(() => createFileSecretStore({ dir }).get('gemini')).toThrow(/could not be decrypted/);
    // Someone (or something) rewrites where the key belongs: the sealed origin no longer matches.
    writeJson(SECRETS_FILE, { ...json, keys: { openai: { ...json.keys.openai, origin: 'http://127.0.0.1:9999' } } });
    expect(() => createFileSecretStore({ dir }).get('openai')).toThrow(/could not be decrypted/);
    fs.rmSync(path.join(dir, KEY_FILE));
    expect(() => createFileSecretStore({ dir }).get('openai')).toThrow(expect.objectContaining({ code: 'STORAGE' }));
  });

  it('a key stored before keys were bound to endpoints belongs to the vendor’s own', () => {
    // Written the old way: sealed with the provider name alone, no origin recorded.
    const master = crypto.randomBytes(32);
    fs.writeFileSync(path.join(dir, KEY_FILE), master, { mode: 0o600 });
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', master, iv);
    cipher.setAAD(Buffer.from('gemini'));
    const data = Buffer.concat([cipher.update(KEY, 'utf8'), cipher.final()]);
    writeJson(SECRETS_FILE, { version: 1, keys: { gemini: { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') } } });
    const store = createFileSecretStore({ dir });
    expect(store.get('gemini')).toEqual({ key: KEY, origin: 'https://generativelanguage.googleapis.com' });
    expect(store.status().gemini).toEqual({ stored: true, origin: defaultOrigin('gemini') });
  });

  it('refuses keys that are pasted wrong, origins that are not origins, and unknown providers', () => {
    const store = createFileSecretStore({ dir });
    expect(() => store.set('openai', 'short', OPENAI)).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    expect(() => store.set('openai', 'two words here ok', OPENAI)).toThrow(/API key/);
    expect(() => store.set('openai', KEY, 'https://api.openai.com/v1')).toThrow(/not an endpoint origin/);
    expect(() => store.set('offline' as never, KEY, OPENAI)).toThrow(/unknown provider/);
    expect(fs.existsSync(path.join(dir, SECRETS_FILE))).toBe(false);
  });
});

describe('safeStorage secret store (Electron)', () => {
  // A stand-in with the same contract: opaque bytes out, original string back.
  const fake = (available = true): SafeStorageLike => ({
    isEncryptionAvailable: () => available,
    encryptString: (s) => Buffer.from(Buffer.from(s, 'utf8').map((b) => b ^ 0x5a)),
    decryptString: (b) => Buffer.from(b.map((x) => x ^ 0x5a)).toString('utf8'),
  });

  it('stores only what safeStorage encrypted, with the endpoint sealed in', () => {
    const store = createSafeStorageSecretStore({ safeStorage: fake(), dir });
    store.set('openai', KEY, LOCAL);
    expect(store.get('openai')).toEqual({ key: KEY, origin: LOCAL });
    expect(store.status().openai).toEqual({ stored: true, origin: LOCAL });
    expect(fs.readFileSync(path.join(dir, SAFE_SECRETS_FILE), 'latin1')).not.toContain('VERYSECRET');
    // The clear origin (read for status without the keychain) edited: the key is refused.
    const json = readJson(SAFE_SECRETS_FILE);
    writeJson(SAFE_SECRETS_FILE, { ...json, keys: { openai: { ...json.keys.openai, origin: 'http://127.0.0.1:9999' } } });
    expect(() => createSafeStorageSecretStore({ safeStorage: fake(), dir }).get('openai')).toThrow(expect.objectContaining({ code: 'STORAGE' }));
  });

  it('reads a key stored the old way (the key alone) as the vendor’s', () => {
    writeJson(SAFE_SECRETS_FILE, { version: 1, keys: { elevenlabs: fake().encryptString(KEY).toString('base64') } });
    expect(createSafeStorageSecretStore({ safeStorage: fake(), dir }).get('elevenlabs')).toEqual({ key: KEY, origin: 'https://api.elevenlabs.io' });
  });

  it('refuses to store a key when no keychain is available', () => {
    const store = createSafeStorageSecretStore({ safeStorage: fake(false), dir });
    expect(() => store.set('openai', KEY, OPENAI)).toThrow(expect.objectContaining({ code: 'STORAGE', message: expect.stringContaining('OPENAI_API_KEY') }));
    expect(fs.existsSync(path.join(dir, SAFE_SECRETS_FILE))).toBe(false);
  });
});

describe('createSecretStore and the memory store', () => {
  const keychain = (backend?: string): SafeStorageLike => ({
    isEncryptionAvailable: () => true,
    encryptString: (s) => Buffer.from(s).reverse(),
    decryptString: (b) => Buffer.from(b).reverse().toString(),
    ...(backend ? { getSelectedStorageBackend: () => backend } : {}),
  });

  it('uses the keychain when real, the encrypted file otherwise', () => {
    expect(createSecretStore({ dataDir: dir, safeStorage: keychain('gnome_libsecret') }).kind).toBe('safeStorage');
    expect(createSecretStore({ dataDir: dir, safeStorage: keychain('basic_text') }).kind).toBe('file');
    expect(createSecretStore({ dataDir: dir }).kind).toBe('file');
  });

  it('memory: keys given by the process follow the environment rule (origin null); set() binds', () => {
    const store = createMemorySecretStore({ openai: KEY, gemini: { key: KEY, origin: LOCAL } });
    expect(store.get('openai')).toEqual({ key: KEY, origin: null });
    expect(store.get('gemini')).toEqual({ key: KEY, origin: LOCAL });
    store.set('elevenlabs', KEY, OPENAI);
    expect(store.status().elevenlabs).toEqual({ stored: true, origin: OPENAI });
    expect(() => store.set('elevenlabs', KEY, 'nowhere')).toThrow(/not an endpoint address/);
  });
});
