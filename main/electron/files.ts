// The desktop app's side of file references: a native Open dialog (the user, not the page,
// names the path) and "Show in folder" for exports. main/files turns both into opaque ids.
import { dialog, shell, type BrowserWindow } from 'electron';
import { FILE_EXTENSIONS, type FileKind } from '../../contract';

const FILTER_NAMES: Readonly<Record<FileKind, string>> = { sbg: 'SBaGen schedules', audio: 'Audio and video files', subtitles: 'Subtitles (SRT, VTT)' };

export function nativeFiles(getWindow: () => BrowserWindow | null) {
  return {
    async pickFile(kind: FileKind): Promise<string | null> {
      const options = { properties: ['openFile' as const], filters: [{ name: FILTER_NAMES[kind], extensions: [...FILE_EXTENSIONS[kind]] }] };
      const win = getWindow();
      const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async pickFolder(): Promise<string | null> {
      const options = { properties: ['openDirectory' as const] };
      const win = getWindow();
      const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    revealFile(path: string): void {
      shell.showItemInFolder(path);
    },
  };
}
