import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeFor, resolveStatic } from './renderer-files';

const root = resolve('/srv/koru/dist');

describe('resolveStatic', () => {
  it('maps / to index.html and files beneath the root', () => {
    expect(resolveStatic(root, '/')).toEqual({ kind: 'file', path: join(root, 'index.html') });
    expect(resolveStatic(root, '/assets/index-abc.js?v=1')).toEqual({ kind: 'file', path: join(root, 'assets/index-abc.js') });
    expect(resolveStatic(root, '/my%20file.css')).toEqual({ kind: 'file', path: join(root, 'my file.css') });
  });

  it('treats extension-less paths as client routes', () => {
    expect(resolveStatic(root, '/sessions/abc')).toEqual({ kind: 'route' });
    expect(resolveStatic(root, '/settings/')).toEqual({ kind: 'route' });
  });

  it('refuses traversal in every spelling', () => {
    for (const p of ['/../etc/passwd', '/assets/../../x.js', '/%2e%2e/etc/passwd', '/..%2fetc%2fpasswd', '/..%5c..%5cwin.ini', '/a/./b.js']) {
      expect(resolveStatic(root, p).kind, p).toBe('refused');
    }
  });

  it('refuses malformed escapes, NUL bytes, relative paths and dotfiles', () => {
    for (const p of ['/%E0%A4%A', '/index.html%00.js', 'index.html', '/.env', '/.git/config']) {
      expect(resolveStatic(root, p).kind, p).toBe('refused');
    }
  });
});

describe('contentTypeFor', () => {
  it('knows what a Vite build emits and falls back to octet-stream', () => {
    expect(contentTypeFor('/a/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('x.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('f.woff2')).toBe('font/woff2');
    expect(contentTypeFor('blob.bin')).toBe('application/octet-stream');
  });
});
