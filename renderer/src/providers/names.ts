import type { KeyedProviderId, ProviderId, ProviderStatus } from '../../../contract/rituals';

export const PROVIDER_NAMES: Record<ProviderId, string> = {
  openai: 'OpenAI',
  elevenlabs: 'ElevenLabs',
  gemini: 'Gemini',
  offline: 'Offline',
};

export const KEYED_PROVIDERS: readonly KeyedProviderId[] = ['openai', 'elevenlabs', 'gemini'];

/** The environment variable each provider's key can also come from (shown, never read here). */
export const KEY_ENV: Record<KeyedProviderId, string> = {
  openai: 'OPENAI_API_KEY',
  elevenlabs: 'ELEVENLABS_API_KEY',
  gemini: 'GEMINI_API_KEY',
};

/** How a provider's key status reads to a person — never the key itself. */
export function statusLabel(s: Pick<ProviderStatus, 'provider' | 'configured' | 'source'> | undefined): string {
  if (!s) return 'Checking…';
  if (s.source === 'builtin') return 'Built in';
  if (s.source === 'env' && s.configured) return 'From environment';
  if (s.configured) return 'Configured';
  return 'Missing';
}

/** Keyed providers that can speak and have a key: with none, rituals use the offline voice. */
export function naturalVoices(statuses: readonly ProviderStatus[] | undefined): ProviderStatus[] {
  return (statuses ?? []).filter((s) => s.provider !== 'offline' && s.configured && s.capabilities.includes('speech'));
}
