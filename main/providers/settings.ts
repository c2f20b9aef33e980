import { ProviderSettings, ProviderSettingsPatch } from '../../contract/rituals';
import { DEFAULT_CONCURRENCY } from './queue';
import type { ProviderId } from './types';

/**
 * Provider settings (model ids, base URLs, voices, speech order, writer) are part of the IPC
 * contract (contract/rituals.ts), so the schema lives there; re-exported here for main/.
 * Keys are never part of them.
 */
export { ProviderSettings, ProviderSettingsPatch };

export function defaultProviderSettings(): ProviderSettings {
  return ProviderSettings.parse({});
}

/** Only ElevenLabs' limit is user-facing (it depends on the plan); the rest use the defaults. */
export function concurrencyFor(settings: ProviderSettings, id: ProviderId): number {
  return id === 'elevenlabs' ? settings.elevenlabs.concurrency : DEFAULT_CONCURRENCY[id];
}
