/** The ritual channels bound to the service: one line each, no logic of their own. */
import type { ritualChannels } from '../../contract/rituals';
import type { FileRegistry } from '../files';
import type { HandlersOf } from '../ipc';
import type { RitualService } from './service';

export type RitualHandlers = HandlersOf<typeof ritualChannels>;

export interface RitualHandlerDeps {
  rituals: RitualService;
  /** Exports are registered so the renderer can download them (or show them in their folder). */
  files: Pick<FileRegistry, 'exported'>;
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
    'rituals.export': async ({ id, format, exportId }) => d.files.exported(await d.rituals.export(id, format, { ...(exportId ? { exportId } : {}) })),
  };
}
