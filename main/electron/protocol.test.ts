import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_INDEX_URL, APP_ORIGIN, serveAppRequest } from './protocol';

const CSP = "default-src 'self'";
let root: string;
let dist: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'koru-proto-'));
  dist = join(root, 'renderer');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<div id="root"></div>');
  writeFileSync(join(dist, 'assets', 'main.js'), 'export {}');
  writeFileSync(join(root, 'secret.txt'), 'top secret');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const get = (url: string, dir = dist, method = 'GET') => serveAppRequest(dir, { url, method }, CSP);

describe('koru:// protocol', () => {
  it('serves index.html and assets with their types and the CSP', async () => {
    const index = await get(APP_INDEX_URL);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('content-security-policy')).toBe(CSP);
    expect(await index.text()).toContain('id="root"');
    const js = await get(`${APP_ORIGIN}/assets/main.js`);
    expect([js.status, js.headers.get('content-type'), await js.text()]).toEqual([200, 'text/javascript; charset=utf-8', 'export {}']);
  });

  it('answers client routes with index.html and missing files with 404', async () => {
    expect(await (await get(`${APP_ORIGIN}/sessions/abc`)).text()).toContain('id="root"');
    expect((await get(`${APP_ORIGIN}/assets/nope.js`)).status).toBe(404);
  });

  it('refuses encoded traversal, other hosts and writes', async () => {
    // URL parsing already folds `/%2e%2e/` away; an encoded slash survives it and must be refused here.
    expect(await (await get(`${APP_ORIGIN}/%2e%2e/secret.txt`)).text()).not.toContain('top secret');
    const res = await get(`${APP_ORIGIN}/..%2fsecret.txt`);
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('top secret');
    expect((await get('koru://elsewhere/index.html')).status).toBe(404);
    expect((await get(APP_INDEX_URL, dist, 'POST')).status).toBe(405);
  });

  it('explains a missing build', async () => {
    const res = await get(APP_INDEX_URL, join(root, 'nothing-here'));
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build');
  });
});
