import type { appChannels } from '../../contract/app';
import type { Settings, SettingsPatch } from '../../contract';
import type { HandlersOf } from '../ipc';

export interface AppHandlerDeps {
  info: { version: string; mode: 'electron' | 'web'; dataDir: string };
  settings: { get(): Settings; update(patch: SettingsPatch): Settings };
}

/** The app's own channels: what is running, and the settings every capability reads. */
export function buildAppHandlers(d: AppHandlerDeps): HandlersOf<typeof appChannels> {
  return {
    'app.info': () => d.info,
    'settings.get': () => d.settings.get(),
    'settings.update': (patch) => d.settings.update(patch),
  };
}
