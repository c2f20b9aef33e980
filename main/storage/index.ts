export { openDatabase, migrate, type Db, type OpenOptions } from './db';
export { migrations, LATEST_SCHEMA_VERSION, type Migration } from './migrations';
export { createSessionRepo, type SessionRepo, type SessionRepoOptions, type StorageLog } from './session-repo';
export { createSettingsRepo, type SettingsRepo } from './settings-repo';
export { createFileStore, type FileStore } from './file-store';
export { defaultDataDir, preparePrivateDataDir } from './data-dir';
export { writeFileAtomic, openAtomicFile, removeStaleTemporaries, type AtomicFile } from './atomic-file';
export { createProviderSettingsRepo, type ProviderSettingsRepo } from './provider-settings-repo';
export { createScheduleRepo, createSkyLocationRepo, type ScheduleRepo, type SkyLocationRepo, type NewSchedule, type SchedulePatch } from './schedule-repo';
