/** The dubbing studio's public surface (the app, the CLI and benchmarks import from here). */
export { createDubbingService, type DubbingService, type DubbingServiceDeps, type DubExportOptions } from './service';
export { buildDubbingHandlers, type DubbingHandlers } from './handlers';
export { decodeInThread } from './decode-thread';
export { decodeToFile, SUPPORTED_WORDS } from './decode';
export { DUB_JOB } from './jobs';
