export { buildRitualHandlers } from './handlers';
export type { RitualHandlers } from './handlers';
export { createRitualService } from './service';
export type { RitualProviders } from './types';
// The speech segment cache: a mantra voiced once for practice is voiced for good.
export { createSegmentCache, speechHash, type SegmentCache, type SpeechKey } from './cache';
export { createSegmentFeed } from './segment-feed';
