/** The files.* channels bound to the registry and to what the shell offers (a native dialog and
 *  "Show in folder" in the desktop app; upload and download links in web mode). */
import { KoruError, type FileKind, fileChannels } from '../../contract';
import type { HandlersOf } from '../ipc';
import type { FileRegistry } from './registry';

export type FileHandlers = HandlersOf<typeof fileChannels>;

export interface FileHandlerDeps {
  files: FileRegistry;
  mode: 'electron' | 'web';
  /** The desktop app's Open dialog: the chosen path, or null when cancelled. */
  pick?: (kind: FileKind) => Promise<string | null>;
  /** The desktop app's folder dialog: the chosen folder, or null when cancelled. */
  pickFolder?: () => Promise<string | null>;
  /** The desktop app's "Show in folder". */
  reveal?: (path: string) => void;
}

export function buildFileHandlers(d: FileHandlerDeps): FileHandlers {
  return {
    'files.pick': async ({ kind }) => {
      if (!d.pick) throw new KoruError('CONFLICT', 'Choosing a file this way works in the desktop app; in the browser, upload it instead.');
      const path = await d.pick(kind);
      return path === null ? null : d.files.adopt(path, kind);
    },
    'files.pickFolder': async () => {
      if (!d.pickFolder) throw new KoruError('CONFLICT', 'Choosing a folder this way works in the desktop app; in the browser, type the folder’s path on the machine Koru runs on.');
      const path = await d.pickFolder();
      return path === null ? null : { path, name: path.split(/[\\/]/).filter(Boolean).pop() ?? path };
    },
    'files.downloadLink': ({ fileId }) => {
      if (d.mode !== 'web') throw new KoruError('CONFLICT', 'Downloads are for the browser; in the desktop app, use Show in folder.');
      return d.files.signDownload(fileId);
    },
    'files.reveal': ({ fileId }) => {
      if (!d.reveal) throw new KoruError('CONFLICT', 'Show in folder works in the desktop app; in the browser, download the file instead.');
      d.reveal(d.files.pathOf(fileId, ['export']));
      return { ok: true as const };
    },
    'files.discard': ({ fileId }) => {
      d.files.discard(fileId);
      return { ok: true as const };
    },
  };
}
