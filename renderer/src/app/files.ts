import { FILE_EXTENSIONS, LIMITS, type FileInfo, type FileKind } from '../../../contract';
import { KoruClientError } from '../client/errors';
import { useClient } from './koru';

/** What a file input offers for a kind (the same list as the desktop app's Open dialog). */
export const acceptFor = (kind: FileKind) => FILE_EXTENSIONS[kind].map((e) => `.${e}`).join(',');

/** A schedule small enough to travel as text; larger ones are sent as a file reference. */
export const fitsAsText = (file: Blob) => file.size <= LIMITS.sbgTextChars;

/**
 * Files the way this shell does them: the desktop app opens a native dialog and shows exports in
 * their folder; web mode uploads from a file input and downloads by a short-lived signed link.
 * Either way a channel only ever sees an opaque file id.
 */
export function useFiles() {
  const client = useClient();
  return {
    desktop: client.transport === 'electron',
    /** Desktop app: the Open dialog; null when cancelled. */
    pick: (kind: FileKind) => client.invoke('files.pick', { kind }),
    /** Desktop app: the folder dialog; null when cancelled. */
    pickFolder: () => client.invoke('files.pickFolder', {}),
    /** Web mode: streams the file to Koru. */
    upload(file: File, kind: FileKind): Promise<FileInfo> {
      if (!client.upload) return Promise.reject(new KoruClientError('INTERNAL', 'Uploads work in the browser; in the desktop app, choose the file instead.'));
      return client.upload(file, { kind, name: file.name });
    },
    /** Web mode: the browser saves an exported file (streamed by Koru, named as exported). */
    async download(fileId: string): Promise<void> {
      const { url } = await client.invoke('files.downloadLink', { fileId });
      const link = document.createElement('a');
      link.href = url;
      link.download = '';
      link.rel = 'noopener';
      document.body.append(link);
      link.click();
      link.remove();
    },
    /** Desktop app: the file manager, with the exported file selected. */
    reveal: (fileId: string) => client.invoke('files.reveal', { fileId }),
  };
}
