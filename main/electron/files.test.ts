import { describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  dialog: { showOpenDialog: vi.fn() },
  shell: { showItemInFolder: vi.fn() },
}));
vi.mock('electron', () => electron);

const { nativeFiles } = await import('./files');

describe('native files', () => {
  it('asks the Open dialog for the kind’s extensions and returns the chosen path, or null', async () => {
    const win = { id: 1 };
    const files = nativeFiles(() => win as never);
    electron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/home/me/focus.sbg'] });
    expect(await files.pickFile('sbg')).toBe('/home/me/focus.sbg');
    expect(electron.dialog.showOpenDialog).toHaveBeenCalledWith(win, expect.objectContaining({ filters: [{ name: 'SBaGen schedules', extensions: ['sbg', 'txt'] }] }));
    electron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    expect(await files.pickFile('audio')).toBeNull();
  });

  it('shows an exported file in its folder', () => {
    nativeFiles(() => null).revealFile('/data/exports/calm.wav');
    expect(electron.shell.showItemInFolder).toHaveBeenCalledWith('/data/exports/calm.wav');
  });
});
