import { z } from 'zod';
import { Ok, type ChannelMap } from './channel-map';
import { FILE_CAPS, formatSize, LIMITS } from './limits';

/**
 * Files too large for a message travel by reference: the desktop app's native dialog (main
 * reads the path the user chose) or web mode's authenticated upload both yield the same opaque
 * id, and channels take that id. The renderer never names a path, so a compromised page cannot
 * reach a file the user did not choose or Koru did not write.
 */

export const FileKind = z.enum(['sbg', 'audio', 'subtitles']);
export type FileKind = z.infer<typeof FileKind>;
export { FILE_CAPS };

/** What the Open dialog and the browser's file input offer for each kind. */
export const FILE_EXTENSIONS: Readonly<Record<FileKind, readonly string[]>> = {
  sbg: ['sbg', 'txt'],
  audio: ['wav', 'mp3', 'ogg', 'oga', 'opus', 'flac', 'm4a', 'aac', 'mp4', 'm4v', 'mov', 'webm', 'mkv'],
  subtitles: ['srt', 'vtt'],
};

const KIND_WORDS: Readonly<Record<FileKind | 'export', string>> = { sbg: 'a schedule file', audio: 'an audio or video file', subtitles: 'a subtitle file (SRT or VTT)', export: 'an export' };
export const fileKindWords = (kind: FileKind | 'export') => KIND_WORDS[kind];

/** The same sentence from the page (checked before uploading) and from main (while receiving). */
export function fileTooLargeMessage(kind: FileKind, bytes: number | null): string {
  const cap = FILE_CAPS[kind];
  // Just over the cap rounds to the same size: then say it in bytes.
  const exact = bytes !== null && formatSize(bytes) === formatSize(cap);
  const size = (n: number) => (exact ? `${n.toLocaleString('en')} bytes` : formatSize(n));
  const head = bytes === null ? 'This file is too large' : `This file is ${size(bytes)}`;
  return `${head}: ${KIND_WORDS[kind]} may be at most ${size(cap)}.`;
}

/** Random, unguessable, and all a channel ever accepts in place of a path. */
export const FileId = z.string().length(24).regex(/^f_[A-Za-z0-9_-]{22}$/, 'not a file Koru knows');
export type FileId = z.infer<typeof FileId>;

export const FileInfo = z.object({
  fileId: FileId,
  /** The name it had on the user's side (display and download name only, never a path). */
  name: z.string(),
  kind: z.enum(['sbg', 'audio', 'subtitles', 'export']),
  bytes: z.number().int().min(0),
});
export type FileInfo = z.infer<typeof FileInfo>;


/** Web mode's upload: `POST` the raw bytes here with `Authorization: Bearer <token>`; the reply
 *  is a Result whose value is a FileInfo. Downloads are `GET <path>/<fileId>?expires=…&sig=…`. */
export const FILES_HTTP_PATH = '/files';
export const UploadQuery = z
  .object({ kind: FileKind, name: z.string().trim().min(1, 'the file needs a name').max(LIMITS.fileNameChars) })
  .strict();

const ById = z.object({ fileId: FileId }).strict();

export const fileChannels = {
  /** Desktop app: a native Open dialog; null when the user cancelled. Web mode uploads instead. */
  'files.pick': { input: z.object({ kind: FileKind }).strict(), output: FileInfo.nullable() },
  /** Desktop app: a native folder dialog (a code story's repository); null when cancelled. The
   *  user chose it, so its path comes back to be shown and sent; web mode types the path. */
  'files.pickFolder': { input: z.object({}).strict(), output: z.object({ path: z.string(), name: z.string() }).nullable() },
  /** Web mode: a short-lived signed link that downloads a file Koru exported. */
  'files.downloadLink': { input: ById, output: z.object({ url: z.string(), expiresAt: z.string() }) },
  /** Desktop app: show an exported file in the system's file manager. */
  'files.reveal': { input: ById, output: Ok },
  /** Forget an uploaded or chosen file (an upload's bytes are deleted). */
  'files.discard': { input: ById, output: Ok },
} as const satisfies ChannelMap;
