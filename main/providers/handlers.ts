/** The provider channels (contract/providers.ts) bound to the registry and the settings store:
 *  one line each. The composition root spreads these into the app's handler table. */
import type { ProviderSettings, ProviderSettingsPatch, providerChannels } from '../../contract/providers';
import type { HandlersOf } from '../ipc';
import type { Providers } from './registry';

export type ProviderHandlers = HandlersOf<typeof providerChannels>;

/** How long a voice list may take before the picker says why it has none. */
const VOICES_TIMEOUT_MS = 15_000;

export interface ProviderHandlerDeps {
  providers: Pick<Providers, 'status' | 'setKey' | 'clearKey' | 'testConnection' | 'voices' | 'preview' | 'settingsChanged'>;
  settings: { get(): ProviderSettings; update(patch: ProviderSettingsPatch): ProviderSettings };
}

export function buildProviderHandlers({ providers, settings }: ProviderHandlerDeps): ProviderHandlers {
  return {
    'providers.status': () => providers.status(),
    'providers.setKey': ({ provider, key }) => providers.setKey(provider, key),
    'providers.clearKey': ({ provider }) => providers.clearKey(provider),
    'providers.test': ({ provider }) => providers.testConnection(provider),
    'providers.voices': async ({ provider }) => {
      try {
        return { voices: await providers.voices(provider, AbortSignal.timeout(VOICES_TIMEOUT_MS)), error: null };
      } catch (err) {
        return { voices: [], error: (err as Error).message };
      }
    },
    'providers.preview': ({ provider, voice, text }) => providers.preview({ provider, voice, ...(text ? { text } : {}) }),
    'providers.settings.get': () => settings.get(),
    'providers.settings.update': (patch) => {
      const next = settings.update(patch);
      providers.settingsChanged(); // a base URL may have moved away from (or back to) a key
      return next;
    },
  };
}
