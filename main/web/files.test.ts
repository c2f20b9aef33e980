import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FILE_CAPS, FILES_HTTP_PATH, formatSize } from '../../contract';
import { createFileRegistry, type FileRegistry } from '../files';
import { createEventHub } from '../ipc/events';
import { createRouter, type Handlers } from '../ipc/router';
import { silentLog } from '../log';
import { startWebServer, type WebServer } from './server';

let root: string;
let files: FileRegistry;
let server: WebServer;
const exportDir = () => join(root, 'data', 'exports');

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'koru-web-files-'));
  mkdirSync(join(root, 'dist'));
  files = createFileRegistry({ dataDir: join(root, 'data'), exportDir: exportDir(), downloadPath: FILES_HTTP_PATH });
  const router = createRouter({} as Handlers, { log: silentLog });
  server = await startWebServer({ router, events: createEventHub(), staticDir: join(root, 'dist'), log: silentLog, files });
});
afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});
afterEach(() => {
  // No half-written upload may ever be left under the uploads folder.
  expect(readdirSync(join(root, 'data', 'uploads')).filter((n) => n.endsWith('.part'))).toEqual([]);
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** One HTTP request; `chunks` are written one by one (no Content-Length: chunked). */
function http(method: string, path: string, opts: { headers?: Record<string, string>; body?: Buffer; chunks?: Buffer[] } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method, headers: opts.headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }));
    });
    req.on('error', reject);
    if (opts.chunks) {
      for (const c of opts.chunks) req.write(c);
      req.end();
    } else req.end(opts.body);
  });
}

const auth = () => ({ Authorization: `Bearer ${server.token}` });
const json = (r: Reply) => JSON.parse(r.body.toString('utf8'));

describe('uploads', () => {
  it('streams a file to the data folder and answers with its opaque id', async () => {
    const text = 'alpha: 200+10/20\nNOW alpha\n';
    const r = await http('POST', `${FILES_HTTP_PATH}?kind=sbg&name=focus.sbg`, { headers: auth(), chunks: [Buffer.from(text.slice(0, 9)), Buffer.from(text.slice(9))] });
    expect(r.status).toBe(200);
    const { value } = json(r);
    expect(value).toMatchObject({ name: 'focus.sbg', kind: 'sbg', bytes: text.length });
    expect(value.fileId).toMatch(/^f_[A-Za-z0-9_-]{22}$/);
    expect(files.readText(value.fileId, 'sbg')).toBe(text);
  });

  it('refuses without the token, with a bad kind, or from another site', async () => {
    expect((await http('POST', `${FILES_HTTP_PATH}?kind=sbg&name=a.sbg`, { body: Buffer.from('x') })).status).toBe(401);
    expect((await http('POST', `${FILES_HTTP_PATH}?kind=sbg&name=a.sbg`, { headers: { Authorization: 'Bearer wrong' }, body: Buffer.from('x') })).status).toBe(401);
    const bad = await http('POST', `${FILES_HTTP_PATH}?kind=exe&name=a`, { headers: auth(), body: Buffer.from('x') });
    expect([bad.status, json(bad).error.code]).toEqual([400, 'BAD_INPUT']);
    expect(json(bad).error.message).toMatch(/^Type must be one of “sbg”, “audio”/);
    const foreign = await http('POST', `${FILES_HTTP_PATH}?kind=sbg&name=a.sbg`, { headers: { ...auth(), Origin: 'http://evil.example' }, body: Buffer.from('x') });
    expect(foreign.status).toBe(403);
  });

  it('refuses a declared size over the cap before reading it, naming the cap', async () => {
    const r = await http('POST', `${FILES_HTTP_PATH}?kind=sbg&name=big.sbg`, {
      headers: { ...auth(), 'Content-Length': String(FILE_CAPS.sbg * 2) },
      body: Buffer.alloc(16),
    }).catch((err: NodeJS.ErrnoException) => err);
    // The server answers at once and closes; the body is never read.
    if (r instanceof Error) throw r;
    expect(r.status).toBe(413);
    expect(json(r).error).toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining(formatSize(FILE_CAPS.sbg)) });
  });

  it('stops a streamed upload at the cap and leaves nothing behind', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    const chunks = Array.from({ length: Math.ceil(FILE_CAPS.sbg / chunk.length) + 1 }, () => chunk);
    const before = readdirSync(join(root, 'data', 'uploads')).length;
    const r = await http('POST', `${FILES_HTTP_PATH}?kind=sbg&name=big.sbg`, { headers: auth(), chunks });
    expect(r.status).toBe(413);
    expect(json(r).error.message).toBe('This file is too large: a schedule file may be at most 8 MB.');
    expect(readdirSync(join(root, 'data', 'uploads')).length).toBe(before);
  });
});

describe('downloads', () => {
  it('streams an exported file by signed link, with a safe name, and refuses altered links', async () => {
    mkdirSync(exportDir(), { recursive: true });
    const path = join(exportDir(), 'Évening "calm".wav');
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 251));
    writeFileSync(path, bytes);
    const { fileId } = files.exported({ path, bytes: bytes.length, durationSec: 1 });
    const { url } = files.signDownload(fileId);
    const r = await http('GET', url);
    expect(r.status).toBe(200);
    expect(r.body.equals(readFileSync(path))).toBe(true);
    expect(r.headers['content-type']).toBe('audio/wav');
    expect(r.headers['content-disposition']).toBe(`attachment; filename="_vening _calm_.wav"; filename*=UTF-8''${encodeURIComponent('Évening "calm".wav')}`);

    const forged = url.replace(/sig=[^&]+/, 'sig=AAAA');
    expect((await http('GET', forged)).status).toBe(403);
    const later = files.signDownload(fileId, Date.now() - 10 * 60_000).url;
    expect((await http('GET', later)).status).toBe(403); // expired
    expect((await http('GET', `${FILES_HTTP_PATH}/${fileId}`)).status).toBe(403);
  });

  it('never serves an upload or an unknown id, only exports', async () => {
    const up = await http('POST', `${FILES_HTTP_PATH}?kind=sbg&name=a.sbg`, { headers: auth(), body: Buffer.from('NOW x') });
    const { fileId } = json(up).value;
    expect(() => files.signDownload(fileId)).toThrow(/Only files Koru exported/);
    expect(() => files.signDownload('f_AAAAAAAAAAAAAAAAAAAAAA')).toThrow(/no longer available/);
    expect(() => files.exported({ path: join(root, 'elsewhere.wav'), bytes: 1, durationSec: 1 })).toThrow();
  });
});
