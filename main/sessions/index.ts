export { createSessionService } from './service';
export type { SessionService } from './service';
export { presets } from './presets';
export { buildSessionHandlers, type SessionHandlers, type SessionHandlerDeps } from './handlers';
