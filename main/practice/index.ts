/** Mantra practice: the library, counting, stats, voiced practice (live and to a file). */
export { createPracticeService, STARTER_MANTRAS, type PracticeService, type PracticeServiceDeps } from './service';
export { buildPracticeHandlers, type PracticeHandlers } from './handlers';
export { bellSamples, BELL_FREQ, BELL_SEC } from './bell';
