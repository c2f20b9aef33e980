import { PROVIDERS, ProviderSettings, ProviderSettingsPatch } from '../../contract/providers';
import type { ProviderId } from './types';

/**
 * Provider settings (model ids, base URLs, voices, speech order, writer) are derived from the
 * provider table in contract/providers.ts; re-exported here for main/. Keys are never part of them.
 */
export { ProviderSettings, ProviderSettingsPatch };

export function defaultProviderSettings(): ProviderSettings {
  return ProviderSettings.parse({});
}

/** A provider's `concurrency` setting (ElevenLabs: it depends on the plan), else the table's. */
export function concurrencyFor(settings: ProviderSettings, id: ProviderId): number {
  const group = settings[id] as { concurrency?: number };
  return group.concurrency ?? PROVIDERS[id].concurrency;
}
