import type { Handlers } from '../ipc/router';
import type { SessionService } from '../sessions/service';
import type { Player } from '../playback';
import { presets } from '../sessions/presets';
import type { AudioDevice, Settings, SettingsPatch } from '../../contract';
import { buildHardwareHandlers, type AmpService } from '../hardware/service';
import type { RitualHandlers } from '../rituals/handlers';
import type { JobHandlers } from '../jobs';
import { exportSessionSbg, importMixAudio } from '../audio/sbg';
import type { FileHandlers, FileRegistry } from '../files';
import type { ExportHandlers } from '../export';
import type { ExportedAudio, ExportFormat } from '../../contract/exports';
import type { ProviderHandlers } from '../providers/handlers';
import type { SkyHandlers } from '../sky';

export interface HandlerDeps {
  info: { version: string; mode: 'electron' | 'web'; dataDir: string };
  /** Where audio that sessions mix in is stored. */
  mixFolder: string;
  sessions: SessionService;
  player: Player;
  settings: { get(): Settings; update(patch: SettingsPatch): Settings };
  devices: () => Promise<{ devices: AudioDevice[]; error: string | null }>;
  amp: AmpService;
  /** Ritual channels, bound in main/rituals/handlers.ts. */
  rituals: RitualHandlers;
  jobs: JobHandlers;
  exportRitual: (id: string, format: ExportFormat, exportId?: string) => Promise<ExportedAudio>;
  /** Files by reference: `.sbg` import takes an id, exports are registered for download. */
  files: FileRegistry;
  fileHandlers: FileHandlers;
  /** The export pipeline's channels, bound in main/export/handlers.ts. */
  exports: ExportHandlers;
  /** Provider channels, bound in main/providers/handlers.ts. */
  providers: ProviderHandlers;
  /** Sky timing and schedules, bound in main/sky/handlers.ts. */
  sky: SkyHandlers;
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
    'sessions.importSbg': ({ name, text, file }) => d.sessions.importSbg(name, text ?? d.files.readText(file ?? '', 'sbg')),
    'sessions.export': async ({ id, format, exportId }) => d.files.exported(await d.sessions.export(id, format, exportId)),
    'sessions.exportSbg': ({ id }) => exportSessionSbg(d.sessions.get(id)), // SBaGen text (main/audio/sbg)
    'sessions.importMixAudio': ({ fileId }) => importMixAudio(d.mixFolder, d.files.info(fileId).name, d.files.pathOf(fileId, ['audio'])),
    'presets.list': () => presets,
    'playback.start': async ({ id }) => d.player.start(d.sessions.get(id)),
    'playback.pause': () => d.player.pause(),
    'playback.resume': () => d.player.resume(),
    'playback.stop': () => d.player.stop(),
    'playback.status': () => d.player.refresh(),
    'playback.seek': ({ sec }) => d.player.seek(sec),
    'playback.setVolume': ({ volume }) => d.player.setVolume(volume),
    'playback.sleepTimer': ({ minutes, fadeSec }) => d.player.setSleepTimer(minutes, fadeSec),
    'audio.devices': () => d.devices(),
    'settings.get': () => d.settings.get(),
    'settings.update': (patch) => d.settings.update(patch),
    ...buildHardwareHandlers(d.amp), // amplifier channels (main/hardware)
    ...d.rituals,
    'rituals.export': async ({ id, format, exportId }) => d.files.exported(await d.exportRitual(id, format, exportId)),
    ...d.fileHandlers,
    ...d.jobs,
    ...d.exports,
    ...d.providers,
    ...d.sky,
  };
}
