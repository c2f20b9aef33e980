/** The ritual channels bound to the service: one line each, no logic of their own. The
 *  composition root spreads these into the app's handler table (the provider channels are
 *  bound in main/providers/handlers.ts). */
import type { ritualChannels } from '../../contract/rituals';
import type { Handlers } from '../ipc';
import type { RitualService } from './service';

/** `rituals.export` is bound in main/app beside `sessions.export`: both register the file they
 *  wrote, so the renderer can download it by id. */
export type RitualHandlers = { [C in Exclude<keyof typeof ritualChannels, 'rituals.export'>]: Handlers[C] };

export interface RitualHandlerDeps {
  rituals: RitualService;
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
  };
}
