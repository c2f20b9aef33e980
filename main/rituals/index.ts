export { buildRitualHandlers } from './handlers';
export type { RitualHandlers } from './handlers';
export { createRitualService } from './service';
export type { RitualProviders } from './types';
