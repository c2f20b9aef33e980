import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KoruError } from '../../contract/errors';
import { createFileStore } from './file-store';
import { tempDir } from './testing';

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(KoruError);
    expect((err as KoruError).code).toBe('STORAGE');
    return (err as KoruError).message;
  }
  throw new Error('expected a STORAGE refusal');
}

function setup() {
  const base = tempDir();
  const root = path.join(base, 'data');
  const outside = path.join(base, 'outside');
  fs.mkdirSync(outside);
  return { store: createFileStore(root), root: path.join(fs.realpathSync(base), 'data'), outside };
}

describe('file store', () => {
  it('creates its root and resolves paths inside it', () => {
    const { store, root } = setup();
    expect(store.root).toBe(root);
    expect(fs.statSync(root).isDirectory()).toBe(true);
    expect(store.resolve('audio/a.wav')).toBe(path.join(root, 'audio', 'a.wav'));
    // `..` that stays inside is only a spelling, not an escape.
    expect(store.resolve('audio/../b.wav')).toBe(path.join(root, 'b.wav'));
    expect(store.resolve('..name')).toBe(path.join(root, '..name'));
  });

  it.each([
    ['an absolute path', '/etc/passwd'],
    ['a Windows absolute path', 'C:\\Windows\\win.ini'],
    ['a parent escape', '../outside/x'],
    ['a deeper escape', 'a/b/../../../outside/x'],
    ['the parent itself', '..'],
    ['an empty path', ''],
    ['a NUL byte', 'a\0b'],
  ])('refuses %s', (_label, rel) => {
    const { store } = setup();
    expect(refusal(() => store.resolve(rel))).toMatch(/absolute|outside|required|NUL/);
  });

  it('refuses symlinks that lead outside, for folders, files and dangling links', () => {
    const { store, root, outside } = setup();
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'secret');
    fs.symlinkSync(outside, path.join(root, 'escape'));
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'secret-link.txt'));
    fs.symlinkSync(path.join(outside, 'not-yet'), path.join(root, 'dangling'));

    expect(refusal(() => store.resolve('escape/secret.txt'))).toMatch(/symbolic link/);
    expect(refusal(() => store.resolve('escape/new/deeper.wav'))).toMatch(/symbolic link/);
    expect(refusal(() => store.resolve('secret-link.txt'))).toMatch(/symbolic link/);
    expect(refusal(() => store.resolve('dangling'))).toMatch(/symbolic link/);
    // Writing through the link must not touch anything outside.
    refusal(() => store.writeAtomic('escape/planted.txt', 'x'));
    refusal(() => store.writeAtomic('secret-link.txt', 'overwritten'));
    expect(fs.readdirSync(outside)).toEqual(['secret.txt']);
    expect(fs.readFileSync(path.join(outside, 'secret.txt'), 'utf8')).toBe('secret');
  });

  it('follows symlinks that stay inside, and works when the root itself is reached by a link', () => {
    const { store, root } = setup();
    fs.mkdirSync(path.join(root, 'real'));
    fs.symlinkSync(path.join(root, 'real'), path.join(root, 'alias'));
    expect(store.writeAtomic('alias/x.txt', 'hi')).toBe(path.join(root, 'alias', 'x.txt'));
    expect(fs.readFileSync(path.join(root, 'real', 'x.txt'), 'utf8')).toBe('hi');

    const linkedRoot = path.join(tempDir(), 'root-link');
    fs.symlinkSync(root, linkedRoot);
    const viaLink = createFileStore(linkedRoot);
    expect(viaLink.root).toBe(root);
    expect(viaLink.exists('real/x.txt')).toBe(true);
  });

  it('lays out content-addressed files by hash prefix', () => {
    const { store } = setup();
    const hash = 'ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef0123456789';
    expect(store.contentPath(hash, 'wav')).toBe(`ab/${hash.toLowerCase()}.wav`);
    expect(store.contentPath('deadbeef', '.MP3')).toBe('de/deadbeef.mp3');
    expect(refusal(() => store.contentPath('../../etc/passwd', 'wav'))).toMatch(/hex/);
    expect(refusal(() => store.contentPath('xyz12345', 'wav'))).toMatch(/hex/);
    expect(refusal(() => store.contentPath('abc', 'wav'))).toMatch(/hex/);
    expect(refusal(() => store.contentPath('deadbeef', 'w/av'))).toMatch(/extension/);
    expect(refusal(() => store.contentPath('deadbeef', ''))).toMatch(/extension/);
  });

  it('writes atomically: new folders, exact bytes, overwrite, no temp files left', () => {
    const { store, root } = setup();
    const rel = store.contentPath('0123456789abcdef', 'bin');
    const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 31) % 256);
    const target = store.writeAtomic(rel, bytes);
    expect(target).toBe(path.join(root, '01', '0123456789abcdef.bin'));
    expect(Buffer.compare(fs.readFileSync(target), Buffer.from(bytes))).toBe(0);

    store.writeAtomic(rel, 'replaced');
    expect(fs.readFileSync(target, 'utf8')).toBe('replaced');
    expect(fs.readdirSync(path.dirname(target))).toEqual(['0123456789abcdef.bin']);
  });

  it('keeps the old file whole when a write fails, and cleans up its temp file', () => {
    const { store, root } = setup();
    store.writeAtomic('keep/file.txt', 'old contents');
    // A folder where the file should go makes the final rename fail after the data was written.
    fs.mkdirSync(path.join(root, 'keep', 'blocked.txt'));
    fs.writeFileSync(path.join(root, 'keep', 'blocked.txt', 'inner'), 'x');
    expect(refusal(() => store.writeAtomic('keep/blocked.txt', 'new'))).toMatch(/Could not write keep\/blocked.txt/);
    expect(fs.readdirSync(path.join(root, 'keep')).sort()).toEqual(['blocked.txt', 'file.txt']);
    expect(fs.readFileSync(path.join(root, 'keep', 'file.txt'), 'utf8')).toBe('old contents');
  });
});
