import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveLaunch } from './launch-config';

const appPath = join('/opt', 'koru');

describe('resolveLaunch', () => {
  it('loads the built renderer over koru:// by default', () => {
    expect(resolveLaunch({ appPath, env: {}, isPackaged: false })).toEqual({
      preloadPath: join(appPath, 'dist-main', 'preload.cjs'),
      rendererDir: join(appPath, 'dist', 'renderer'),
      url: 'koru://app/index.html',
      appOrigin: 'koru://app',
      isDev: false,
    });
  });

  it('uses a loopback dev server when KORU_DEV_URL is set, unpackaged', () => {
    const config = resolveLaunch({ appPath, env: { KORU_DEV_URL: 'http://localhost:5173' }, isPackaged: false });
    expect(config).toMatchObject({ url: 'http://localhost:5173/', appOrigin: 'http://localhost:5173', isDev: true });
  });

  it('ignores KORU_DEV_URL in a packaged app', () => {
    expect(resolveLaunch({ appPath, env: { KORU_DEV_URL: 'http://localhost:5173' }, isPackaged: true }).isDev).toBe(false);
  });

  it('refuses remote or non-http dev URLs', () => {
    for (const url of ['https://evil.example:5173', 'file:///tmp/index.html', 'nonsense', 'http://192.168.1.2:5173']) {
      expect(() => resolveLaunch({ appPath, env: { KORU_DEV_URL: url }, isPackaged: false }), url).toThrow(/KORU_DEV_URL/);
    }
  });
});
