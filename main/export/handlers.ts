import type { exportChannels } from '../../contract/exports';
import type { HandlersOf } from '../ipc';
import type { ExportService } from './service';

export type ExportHandlers = HandlersOf<typeof exportChannels>;

/** The export pipeline's own channels (the exports themselves start from their capability's
 *  channel: `sessions.export`, `rituals.export`, …). */
export function buildExportHandlers(exports: ExportService): ExportHandlers {
  return {
    'exports.cancel': ({ id }) => exports.cancel(id),
  };
}
