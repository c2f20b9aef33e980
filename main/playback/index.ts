/** Live playback: the player the app talks to, and the audio engine behind it (its own process). */
export { createPlayer, programSpec, IDLE, type Player, type PlayerDeps, type StartOptions } from './player';
export { processHostLink, inlineHostLink, type HostLink, type ProcessHostOptions } from './host-link';
export type { SinkSpec, EngineStats, DeviceList } from './protocol';
export type { EngineOptions } from './engine';
export { buildPlaybackHandlers, type PlaybackHandlers, type PlaybackHandlerDeps } from './handlers';
