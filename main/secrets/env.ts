import type { KeyedProvider, SecretStatus, SecretStore } from './types';

/** The conventional variables; they win over stored keys so the CLI and CI can override them. */
export const KEY_ENV: Record<KeyedProvider, string> = {
  openai: 'OPENAI_API_KEY',
  elevenlabs: 'ELEVENLABS_API_KEY',
  gemini: 'GEMINI_API_KEY',
};
export const BASE_URL_ENV: Record<KeyedProvider, string> = {
  openai: 'OPENAI_BASE_URL',
  elevenlabs: 'ELEVENLABS_BASE_URL',
  gemini: 'GEMINI_BASE_URL',
};

const set = (v: string | undefined): v is string => typeof v === 'string' && v.trim() !== '';

export function envKey(provider: KeyedProvider, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const v = env[KEY_ENV[provider]];
  return set(v) ? v.trim() : undefined;
}

/** A base URL from the environment (not a secret, but read with the same precedence). */
export function envBaseUrl(provider: KeyedProvider, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const v = env[BASE_URL_ENV[provider]];
  return set(v) ? v.trim() : undefined;
}

/** Layers environment variables over a store: get() and status() see them first. */
export function withEnv(store: SecretStore, env: NodeJS.ProcessEnv = process.env): SecretStore {
  return {
    get: (p) => envKey(p, env) ?? store.get(p),
    set: (p, key) => store.set(p, key),
    clear: (p) => store.clear(p),
    status() {
      const s = store.status();
      for (const p of Object.keys(s) as KeyedProvider[]) if (envKey(p, env)) s[p] = 'env' satisfies SecretStatus;
      return s;
    },
  };
}
