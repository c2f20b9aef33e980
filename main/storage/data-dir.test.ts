import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { defaultDataDir, preparePrivateDataDir } from './data-dir';
import { tempDir } from './testing';

describe('defaultDataDir', () => {
  it('prefers KORU_DATA_DIR on every platform', () => {
    expect(defaultDataDir({ KORU_DATA_DIR: '/srv/koru', XDG_DATA_HOME: '/x' }, 'linux', '/home/u')).toBe('/srv/koru');
    expect(defaultDataDir({ KORU_DATA_DIR: '/srv/koru' }, 'darwin', '/Users/u')).toBe('/srv/koru');
    expect(defaultDataDir({ KORU_DATA_DIR: 'D:\\Koru' }, 'win32', 'C:\\Users\\u')).toBe('D:\\Koru');
  });

  it('follows XDG on Linux, ignoring an empty or relative XDG_DATA_HOME', () => {
    expect(defaultDataDir({ XDG_DATA_HOME: '/data/xdg' }, 'linux', '/home/u')).toBe('/data/xdg/koru');
    expect(defaultDataDir({}, 'linux', '/home/u')).toBe('/home/u/.local/share/koru');
    expect(defaultDataDir({ XDG_DATA_HOME: '' }, 'linux', '/home/u')).toBe('/home/u/.local/share/koru');
    expect(defaultDataDir({ XDG_DATA_HOME: 'rel/dir' }, 'linux', '/home/u')).toBe('/home/u/.local/share/koru');
    expect(defaultDataDir({ KORU_DATA_DIR: '  ' }, 'freebsd', '/home/u')).toBe('/home/u/.local/share/koru');
  });

  it('uses Application Support on macOS and APPDATA on Windows', () => {
    expect(defaultDataDir({ XDG_DATA_HOME: '/x' }, 'darwin', '/Users/u')).toBe('/Users/u/Library/Application Support/Koru');
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u')).toBe('C:\\Users\\u\\AppData\\Roaming\\Koru');
    expect(defaultDataDir({}, 'win32', 'C:\\Users\\u')).toBe('C:\\Users\\u\\AppData\\Roaming\\Koru');
  });

  it('defaults to the real environment', () => {
    expect(defaultDataDir()).toBe(defaultDataDir(process.env, process.platform, os.homedir()));
    expect(path.isAbsolute(defaultDataDir())).toBe(true);
  });

  it('makes the data folder owner-only, and tightens an existing one', () => {
    const fresh = path.join(tempDir(), 'a', 'koru');
    expect(preparePrivateDataDir(fresh)).toBe(true);
    expect(fs.statSync(fresh).mode & 0o777).toBe(0o700);
    const open = tempDir();
    fs.chmodSync(open, 0o755);
    expect(preparePrivateDataDir(open)).toBe(true);
    expect(fs.statSync(open).mode & 0o777).toBe(0o700);
  });
});
