/** SBaGen `.sbg` import: schedules and immediate tone specs into Koru Programs. */
export { parseSbg, type SbgParseOptions, type SbgParseResult } from './parse';
export { parseToneSpec } from './tone-spec';
export { programFromImmediate } from './immediate';
