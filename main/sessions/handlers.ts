/** The sessions.* and presets channels bound to the session service: one line each. */
import type { sessionChannels } from '../../contract/sessions';
import { exportSessionSbg, importMixAudio } from '../audio';
import type { FileRegistry } from '../files';
import type { HandlersOf } from '../ipc';
import { presets } from './presets';
import type { SessionService } from './service';

export type SessionHandlers = HandlersOf<typeof sessionChannels>;

export interface SessionHandlerDeps {
  sessions: SessionService;
  /** `.sbg` import takes a file by id; exports are registered so the renderer can download them. */
  files: FileRegistry;
  /** Where audio that sessions mix in is stored. */
  mixFolder: string;
}

export function buildSessionHandlers(d: SessionHandlerDeps): SessionHandlers {
  return {
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
    'sessions.exportSbg': ({ id }) => exportSessionSbg(d.sessions.get(id)),
    'sessions.importMixAudio': ({ fileId }) => importMixAudio(d.mixFolder, d.files.info(fileId).name, d.files.pathOf(fileId, ['audio'])),
    'presets.list': () => presets,
  };
}
