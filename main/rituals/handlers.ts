/** The ritual and provider channels bound to services: one line each, no logic of their own.
 *  The composition root spreads these into the app's handler table. */
import type { ProviderSettings, ProviderSettingsPatch, ProviderStatus } from '../../contract/rituals';
import type { ritualChannels } from '../../contract/rituals';
import type { Handlers } from '../ipc/router';
import type { ConnectionResult } from '../providers/registry';
import type { ProviderId, VoiceInfo } from '../providers/types';
import type { KeyedProvider } from '../secrets';
import type { RitualService } from './service';

export type RitualHandlers = { [C in keyof typeof ritualChannels]: Handlers[C] };

export interface RitualHandlerDeps {
  rituals: RitualService;
  /** The provider registry (`createProviders`). */
  providers: {
    status(): ProviderStatus[];
    voices(id: ProviderId, signal?: AbortSignal): Promise<VoiceInfo[]>;
    testConnection(id: ProviderId): Promise<ConnectionResult>;
  };
  /** Keys go in, never come out. */
  secrets: { set(provider: KeyedProvider, key: string): void; clear(provider: KeyedProvider): void };
  providerSettings: { get(): ProviderSettings; update(patch: ProviderSettingsPatch): ProviderSettings };
}

export function buildRitualHandlers(d: RitualHandlerDeps): RitualHandlers {
  return {
    'rituals.generate': (req) => d.rituals.generate(req),
    'rituals.cancel': ({ id }) => d.rituals.cancel(id),
    'rituals.resume': ({ id }) => d.rituals.resume(id),
    'rituals.list': ({ query, limit }) => d.rituals.list(query, limit),
    'rituals.get': ({ id }) => d.rituals.get(id),
    'rituals.rename': ({ id, title }) => d.rituals.rename(id, title),
    'rituals.regenerateSection': ({ id, index }) => d.rituals.regenerateSection(id, index),
    'rituals.delete': ({ id }) => d.rituals.delete(id),
    'rituals.play': ({ id }) => d.rituals.play(id),
    'rituals.export': ({ id, format, exportId }) => d.rituals.export(id, format, { exportId }),
    'providers.status': () => d.providers.status(),
    'providers.setKey': ({ provider, key }) => {
      d.secrets.set(provider, key);
      return d.providers.status();
    },
    'providers.clearKey': ({ provider }) => {
      d.secrets.clear(provider);
      return d.providers.status();
    },
    'providers.test': ({ provider }) => d.providers.testConnection(provider),
    'providers.voices': async ({ provider }) => {
      try {
        return { voices: await d.providers.voices(provider, AbortSignal.timeout(15_000)), error: null };
      } catch (err) {
        return { voices: [], error: (err as Error).message };
      }
    },
    'providers.settings.get': () => d.providerSettings.get(),
    'providers.settings.update': (patch) => d.providerSettings.update(patch),
  };
}
