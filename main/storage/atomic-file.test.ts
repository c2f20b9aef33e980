import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTemporaryName, openAtomicFile, removeStaleTemporaries, temporaryPathFor, writeFileAtomic } from './atomic-file';
import { tempDir } from './testing';

describe('atomic files', () => {
  it('writes whole files with the mode asked for, and replaces them whole', () => {
    const dir = tempDir();
    const file = path.join(dir, 'settings.json');
    writeFileAtomic(file, '{"a":1}', { mode: 0o600 });
    expect(fs.readFileSync(file, 'utf8')).toBe('{"a":1}');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    writeFileAtomic(file, '{"a":2}', { mode: 0o600 });
    expect(fs.readFileSync(file, 'utf8')).toBe('{"a":2}');
    expect(fs.readdirSync(dir)).toEqual(['settings.json']);
  });

  it('exclusive: never replaces an existing file', () => {
    const dir = tempDir();
    const file = path.join(dir, 'secret.key');
    writeFileAtomic(file, 'first', { exclusive: true });
    expect(() => writeFileAtomic(file, 'second', { exclusive: true })).toThrow(expect.objectContaining({ code: 'EEXIST' }));
    expect(fs.readFileSync(file, 'utf8')).toBe('first');
    expect(fs.readdirSync(dir)).toEqual(['secret.key']);
  });

  it('a failed write leaves the earlier file and no temporary', () => {
    const dir = tempDir();
    const file = path.join(dir, 'keep');
    fs.mkdirSync(file); // the rename over a non-empty folder fails after the data was written
    fs.writeFileSync(path.join(file, 'inner'), 'x');
    expect(() => writeFileAtomic(file, 'new')).toThrow(expect.objectContaining({ code: 'STORAGE' }));
    expect(fs.readdirSync(dir)).toEqual(['keep']);
  });

  it('streams under a hidden temporary until commit; discard leaves the old file', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'out.wav');
    fs.writeFileSync(file, 'old');
    const a = openAtomicFile(file);
    expect(isTemporaryName(path.basename(a.temporary))).toBe(true);
    fs.writeSync(a.fd, 'new and complete');
    expect(fs.readFileSync(file, 'utf8')).toBe('old');
    await a.commit();
    expect(fs.readFileSync(file, 'utf8')).toBe('new and complete');
    const b = openAtomicFile(file);
    fs.writeSync(b.fd, 'half');
    await b.discard();
    await b.discard();
    expect(fs.readFileSync(file, 'utf8')).toBe('new and complete');
    expect(fs.readdirSync(dir)).toEqual(['out.wav']);
  });

  it('removes the temporaries of dead writers, not of live ones, nor other files', async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'ab'));
    // A pid that has surely exited: a child that ran and ended.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    const stale = [path.join(dir, `.x.wav.${dead}.0123456789ab.koru-tmp`), path.join(dir, 'ab', `.ab12.pcm.${dead}.0123456789ab.koru-tmp`)];
    const live = path.join(dir, `.y.wav.${process.ppid}.0123456789ab.koru-tmp`);
    const mine = temporaryPathFor(path.join(dir, 'z.wav')); // this process: nothing is being written at start-up
    const keep = [path.join(dir, 'x.wav'), path.join(dir, '.hidden'), path.join(dir, 'a.koru-tmp')];
    for (const f of [...stale, live, mine, ...keep]) fs.writeFileSync(f, 'x');
    expect((await removeStaleTemporaries([dir])).sort()).toEqual([stale[0], mine].sort());
    expect(await removeStaleTemporaries([dir], { recursive: true })).toEqual([stale[1]]);
    expect(fs.existsSync(live)).toBe(true);
    for (const f of keep) expect(fs.existsSync(f)).toBe(true);
    expect(await removeStaleTemporaries([path.join(dir, 'missing')])).toEqual([]);
  });
});
