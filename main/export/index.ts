/** The one export pipeline: anything that renders to a file goes through here. */
export { createExportService, type ExportService, type ExportServiceDeps, type RunOptions } from './service';
export { buildExportHandlers, type ExportHandlers } from './handlers';
export { renderToFile, isCancelled, PROGRESS_INTERVAL_MS, type RenderControl } from './render';
export { narrationChapters } from './chapters';
export type { Chapter, ExportJob, RenderedFile } from './job';
export { removeStaleExports } from './stale';
export { exportPath } from './names';
