import type { exportChannels } from '../../contract/exports';
import type { Handlers } from '../ipc';
import type { ExportService } from './service';

export type ExportHandlers = { [C in keyof typeof exportChannels]: Handlers[C] };

/** The export pipeline's own channels (the exports themselves start from their capability's
 *  channel: `sessions.export`, `rituals.export`, …). */
export function buildExportHandlers(exports: ExportService): ExportHandlers {
  return {
    'exports.cancel': ({ id }) => exports.cancel(id),
  };
}
