import { PROVIDER_IDS, providerLabel, type ProviderId, type ProviderStatus } from '../../../contract/providers';

/** The labels from the provider table (contract/providers.ts). */
export const PROVIDER_NAMES = Object.fromEntries(PROVIDER_IDS.map((p) => [p, providerLabel(p)])) as Record<ProviderId, string>;

type StatusLike = Pick<ProviderStatus, 'configured' | 'source'> & Partial<Pick<ProviderStatus, 'detachedKey'>>;

/** How a provider's key status reads to a person — never the key itself. */
export function statusLabel(s: StatusLike | undefined): string {
  if (!s) return 'Checking…';
  if (s.source === 'builtin') return 'Built in';
  if (s.source === 'env') return 'From environment';
  if (s.source === 'store') return 'Configured';
  if (s.source === 'local') return 'Local server, no key';
  if (s.detachedKey) return `Key is for ${s.detachedKey.host}`;
  return 'Missing';
}

/** Cloud providers that can speak and can be used: with none, rituals use the offline voice. */
export function naturalVoices(statuses: readonly ProviderStatus[] | undefined): ProviderStatus[] {
  return (statuses ?? []).filter((s) => s.source !== 'builtin' && s.configured && s.capabilities.includes('speech'));
}
