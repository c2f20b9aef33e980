/** What other capabilities use of rituals: the speech segment cache (a mantra voiced once is
 *  voiced for good) and the provider surface rituals need. */
export { createSegmentCache, speechHash, type SegmentCache, type SpeechKey } from './cache';
export type { RitualProviders } from './types';
