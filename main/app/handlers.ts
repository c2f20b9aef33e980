import type { Handlers } from '../ipc/router';
import type { SessionService } from '../sessions/service';
import type { Player } from '../sessions/player';
import { presets } from '../sessions/presets';
import type { AudioDevice, Settings, SettingsPatch } from '../../contract';
import { buildHardwareHandlers, type AmpService } from '../hardware/service';
import type { RitualHandlers } from '../rituals/handlers';
import type { ProviderHandlers } from '../providers/handlers';

export interface HandlerDeps {
  info: { version: string; mode: 'electron' | 'web'; dataDir: string };
  sessions: SessionService;
  player: Player;
  settings: { get(): Settings; update(patch: SettingsPatch): Settings };
  devices: () => { devices: AudioDevice[]; error: string | null };
  amp: AmpService;
  /** Ritual channels, bound in main/rituals/handlers.ts. */
  rituals: RitualHandlers;
  /** Provider channels, bound in main/providers/handlers.ts. */
  providers: ProviderHandlers;
}

/** The contract's channels bound to services: one line each, no logic of their own. */
export function buildHandlers(d: HandlerDeps): Handlers {
  return {
    'app.info': () => d.info,
    'sessions.list': ({ query }) => d.sessions.list(query),
    'sessions.get': ({ id }) => d.sessions.get(id),
    'sessions.create': (draft) => d.sessions.create(draft),
    'sessions.update': ({ id, draft }) => d.sessions.update(id, draft),
    'sessions.delete': async ({ id }) => {
      await d.sessions.delete(id);
      return { ok: true as const };
    },
    'sessions.importSbg': ({ name, text }) => d.sessions.importSbg(name, text),
    'sessions.export': ({ id, format }) => d.sessions.export(id, format),
    'presets.list': () => presets,
    'playback.start': async ({ id }) => d.player.start(d.sessions.get(id)),
    'playback.pause': () => d.player.pause(),
    'playback.resume': () => d.player.resume(),
    'playback.stop': () => d.player.stop(),
    'playback.status': () => d.player.status(),
    'playback.setVolume': ({ volume }) => d.player.setVolume(volume),
    'playback.sleepTimer': ({ minutes, fadeSec }) => d.player.setSleepTimer(minutes, fadeSec),
    'audio.devices': () => d.devices(),
    'settings.get': () => d.settings.get(),
    'settings.update': (patch) => d.settings.update(patch),
    ...buildHardwareHandlers(d.amp), // amplifier channels (main/hardware)
    ...d.rituals,
    ...d.providers,
  };
}
