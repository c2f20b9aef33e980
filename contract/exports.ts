import { z } from 'zod';
import type { ChannelMap, EventMap } from './channel-map';
import { FileId } from './files';
import { Id } from './session';

/**
 * Rendering something stored (a session, a ritual; stories, dubs and mantras next) to a file.
 * Every export goes through one pipeline (main/export): it carries an id, pushes
 * `export.progress` for it, can be cancelled by it, and only puts a file at its final name once
 * the file is complete.
 */
export const ExportFormat = z.enum(['wav', 'mp3']);
export type ExportFormat = z.infer<typeof ExportFormat>;

/** Chosen by the caller (so it can cancel before the first progress arrives), or by main. */
export const ExportId = z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/, 'an export id is 8–64 letters, digits, - or _');
export type ExportId = z.infer<typeof ExportId>;

/** What `sessions.export` and `rituals.export` take. */
export const ExportRequest = z.object({ id: Id, format: ExportFormat, exportId: ExportId.optional() }).strict();

/** The finished file; `fileId` is what the download link and "Show in folder" take. A cancelled
 *  export answers with an error whose details say `cancelled`. */
export const ExportResult = z.object({
  exportId: ExportId,
  path: z.string(),
  bytes: z.number().int().min(0),
  durationSec: z.number().min(0),
  fileId: FileId,
});
export type ExportResult = z.infer<typeof ExportResult>;
/** What the pipeline itself produces; the app registers the file to give it its `fileId`. */
export type ExportedAudio = Omit<ExportResult, 'fileId'>;

export const ExportState = z.enum(['running', 'done', 'cancelled', 'failed']);
export type ExportState = z.infer<typeof ExportState>;

export const ExportProgress = z.object({
  /** The export's id. */
  id: z.string(),
  fraction: z.number().min(0).max(1),
  /** `running` at most ten times a second, then exactly one of the others. */
  state: ExportState,
});
export type ExportProgress = z.infer<typeof ExportProgress>;

export const exportChannels = {
  /** Stop a running export; its earlier file (if any) stays as it was and no new file appears.
   *  `cancelled` is false when no export with that id is running (it had already ended). */
  'exports.cancel': { input: z.object({ id: ExportId }).strict(), output: z.object({ cancelled: z.boolean() }) },
} as const satisfies ChannelMap;

export const exportEvents = {
  'export.progress': { payload: ExportProgress },
} as const satisfies EventMap;
