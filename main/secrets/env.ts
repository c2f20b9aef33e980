import { cloudOf } from '../../contract/providers';
import type { KeyedProvider } from './types';

/**
 * The conventional variables (names in contract/providers.ts). A key from the environment
 * belongs to the base URL from the environment when one is set, else to the vendor's own
 * endpoint: the person set both. The registry decides where each key may go (main/providers).
 */
const set = (v: string | undefined): v is string => typeof v === 'string' && v.trim() !== '';

export function envKey(provider: KeyedProvider, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const v = env[cloudOf(provider).keyEnv];
  return set(v) ? v.trim() : undefined;
}

/** A base URL from the environment (not a secret, but it decides where the env key may go). */
export function envBaseUrl(provider: KeyedProvider, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const v = env[cloudOf(provider).baseUrlEnv];
  return set(v) ? v.trim() : undefined;
}
