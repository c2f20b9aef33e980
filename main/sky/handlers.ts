/** The sky and schedule channels bound to their services: one line each, no logic of their own. */
import type { skyChannels } from '../../contract/sky';
import type { Handlers } from '../ipc';
import type { SkyLocationRepo } from '../storage';
import { searchCities } from './cities';
import type { Scheduler } from './scheduler';
import { eventsBetween, hoursOn, skyNow } from './service';

export type SkyHandlers = { [C in keyof typeof skyChannels]: Handlers[C] };

export interface SkyHandlerDeps {
  location: SkyLocationRepo;
  scheduler: Scheduler;
  now?: () => number;
}

export function buildSkyHandlers(d: SkyHandlerDeps): SkyHandlers {
  const now = d.now ?? Date.now;
  return {
    'sky.now': () => skyNow(now(), d.location.get()),
    'sky.events': ({ from, to }) => eventsBetween(from, to),
    'sky.hours': ({ date }) => hoursOn(date, d.location.get()),
    'sky.location.get': () => d.location.get(),
    'sky.location.set': ({ location }) => d.location.set(location),
    'sky.cities': ({ query, limit }) => searchCities(query, limit),
    'schedules.list': () => d.scheduler.list(),
    'schedules.create': (draft) => d.scheduler.create(draft),
    'schedules.delete': ({ id }) => d.scheduler.delete(id),
    'schedules.dismissMissed': ({ id }) => d.scheduler.dismissMissed(id),
  };
}
