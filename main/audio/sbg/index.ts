/** SBaGen `.sbg` import: schedules and immediate tone specs into Koru Programs. */
export { parseSbg, type SbgParseOptions, type SbgParseResult } from './parse';
export { parseToneSpec } from './tone-spec';
export { programFromImmediate } from './immediate';
export { exportSbg, exportSessionSbg, type SbgExport } from './export';
export { importMixAudio } from './mix-audio';
