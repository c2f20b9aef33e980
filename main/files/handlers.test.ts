import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FILE_CAPS, FILES_HTTP_PATH, KoruError } from '../../contract';
import { buildFileHandlers } from './handlers';
import { createFileRegistry } from './registry';

const ctx = { transport: 'web' as const, client: 't' };
const dirs: string[] = [];
function setup() {
  const root = mkdtempSync(join(tmpdir(), 'koru-files-'));
  dirs.push(root);
  const exportDir = join(root, 'data', 'exports');
  const files = createFileRegistry({ dataDir: join(root, 'data'), exportDir, downloadPath: FILES_HTTP_PATH });
  return { root, exportDir, files };
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const codeOf = async (fn: () => unknown) => {
  try {
    await fn();
  } catch (err) {
    return err instanceof KoruError ? `${err.code}: ${err.message}` : String(err);
  }
  return 'no error';
};

describe('file handlers', () => {
  it('turns the path the user chose into an id, and an id back into nothing but that file', async () => {
    const { root, files } = setup();
    const chosen = join(root, 'focus.sbg');
    writeFileSync(chosen, 'NOW x\n');
    const pick = vi.fn(async () => chosen);
    const h = buildFileHandlers({ files, mode: 'electron', pick });
    const info = await h['files.pick']({ kind: 'sbg' }, ctx);
    expect(info).toMatchObject({ name: 'focus.sbg', kind: 'sbg', bytes: 6 });
    expect(files.readText(info!.fileId, 'sbg')).toBe('NOW x\n');
    pick.mockResolvedValueOnce(null as never);
    expect(await h['files.pick']({ kind: 'sbg' }, ctx)).toBeNull();
    expect(await codeOf(() => files.readText(info!.fileId, 'audio'))).toBe('BAD_INPUT: That file is a schedule file, not an audio or video file.');
  });

  it('refuses what the shell cannot do, in plain words', async () => {
    const { files } = setup();
    const web = buildFileHandlers({ files, mode: 'web' });
    expect(await codeOf(() => web['files.pick']({ kind: 'sbg' }, ctx))).toMatch(/^CONFLICT: .*upload it instead/);
    expect(await codeOf(() => web['files.pickFolder']({}, ctx))).toMatch(/^CONFLICT: .*type the folder’s path/);
    const desktop = buildFileHandlers({ files, mode: 'electron', pickFolder: vi.fn(async () => '/home/me/code/atlas') });
    expect(await desktop['files.pickFolder']({}, ctx)).toEqual({ path: '/home/me/code/atlas', name: 'atlas' });
    expect(await codeOf(() => web['files.reveal']({ fileId: 'f_AAAAAAAAAAAAAAAAAAAAAA' }, ctx))).toMatch(/^CONFLICT: .*download the file instead/);
    const app = buildFileHandlers({ files, mode: 'electron', reveal: vi.fn() });
    expect(await codeOf(() => app['files.downloadLink']({ fileId: 'f_AAAAAAAAAAAAAAAAAAAAAA' }, ctx))).toMatch(/^CONFLICT: .*Show in folder/);
  });

  it('shows exports in their folder and discards uploads, bytes and all', async () => {
    const { exportDir, files } = setup();
    mkdirSync(exportDir, { recursive: true });
    writeFileSync(join(exportDir, 'calm.wav'), 'RIFF');
    const { fileId } = files.exported({ path: join(exportDir, 'calm.wav'), bytes: 4, durationSec: 0 });
    const reveal = vi.fn();
    const h = buildFileHandlers({ files, mode: 'electron', reveal });
    await h['files.reveal']({ fileId }, ctx);
    expect(reveal).toHaveBeenCalledWith(join(exportDir, 'calm.wav'));

    const up = await files.receive(Readable.from([Buffer.from('NOW y')]), { kind: 'sbg', name: '../../etc/passwd' });
    expect(up.name).toBe('passwd'); // a display name, never a path
    await h['files.discard']({ fileId: up.fileId }, ctx);
    expect(await codeOf(() => files.info(up.fileId))).toMatch(/^NOT_FOUND: .*choose or upload it again/);
  });

  it('refuses a chosen file over its kind’s cap and a record pointed outside its folder', async () => {
    const { root, files } = setup();
    const big = join(root, 'big.sbg');
    writeFileSync(big, Buffer.alloc(FILE_CAPS.sbg + 1));
    expect(await codeOf(() => files.adopt(big, 'sbg'))).toBe('BAD_INPUT: This file is 8,000,001 bytes: a schedule file may be at most 8,000,000 bytes.');
    // An export whose file was swapped for a link to somewhere else is no longer reachable.
    const exportDir = join(root, 'data', 'exports');
    mkdirSync(exportDir, { recursive: true });
    writeFileSync(join(root, 'secret.txt'), 'secret');
    writeFileSync(join(exportDir, 'a.wav'), 'RIFF');
    const { fileId } = files.exported({ path: join(exportDir, 'a.wav'), bytes: 4, durationSec: 0 });
    rmSync(join(exportDir, 'a.wav'));
    symlinkSync(join(root, 'secret.txt'), join(exportDir, 'a.wav'));
    expect(await codeOf(() => files.pathOf(fileId, ['export']))).toMatch(/^STORAGE: .*outside the data folder/);
  });
});
