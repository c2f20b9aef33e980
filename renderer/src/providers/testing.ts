// Test fixtures for components that show provider status (not used at run time).
import { cloudOf, endpointHost, isKeyedProvider, PROVIDER_IDS, PROVIDERS, type ProviderId, type ProviderStatus } from '../../../contract/providers';

/** A provider's status as main reports it with no key anywhere, changed by `over`. */
export function providerStatus(provider: ProviderId, over: Partial<ProviderStatus> = {}): ProviderStatus {
  const keyed = isKeyedProvider(provider);
  return {
    provider,
    capabilities: [...PROVIDERS[provider].capabilities],
    configured: !keyed,
    source: keyed ? 'none' : 'builtin',
    endpoint: keyed ? endpointHost(cloudOf(provider).defaultBaseUrl) : null,
    endpointSource: keyed ? 'default' : null,
    detachedKey: null,
    problem: null,
    ...over,
  };
}

/** Every provider's status, `over` applied per provider. */
export function providerStatuses(over: Partial<Record<ProviderId, Partial<ProviderStatus>>> = {}): ProviderStatus[] {
  return PROVIDER_IDS.map((p) => providerStatus(p, over[p]));
}
