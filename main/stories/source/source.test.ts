/**
 * Sources against a real git server on loopback (`git http-backend` behind Node, smart HTTP),
 * which also plays a GitHub Enterprise API: cloned by isomorphic-git, cached by URL + commit,
 * the token sent only to the configured GitHub origin, and every bad source a typed error.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitHubAccess } from '../../providers';
import { analyze } from '../analysis/analyze';
import { SourceError } from './errors';
import { createSources } from './source';
import { commitRepo, fixtureFiles, SECRET_MARKER, startGitServer, type GitServer } from './testing';

const TOKEN = 'ghp_testToken0123456789abcdefABCDEF01234';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'koru-sources-'));
let server: GitServer;
let other: GitServer;
let commit: string;
let atlas: string;

const githubAt = (s: GitServer, token: string | null = TOKEN): (() => GitHubAccess) => () => ({ apiBaseUrl: s.apiUrl, origin: s.origin, token, fetch: globalThis.fetch });
const sources = (name: string, extra: Partial<Parameters<typeof createSources>[0]> = {}) =>
  createSources({ cacheDir: path.join(work, name, 'sources'), github: githubAt(server), ...extra });

async function problemOf(p: Promise<unknown>): Promise<{ problem: string; message: string; code: string }> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(SourceError);
    const e = err as SourceError;
    return { problem: e.problem, message: e.message, code: e.code };
  }
  throw new Error('expected a SourceError');
}

beforeAll(async () => {
  server = await startGitServer({ root: path.join(work, 'srv'), token: TOKEN });
  other = await startGitServer({ root: path.join(work, 'other') });
  commit = commitRepo(path.join(work, 'atlas'), fixtureFiles());
  atlas = server.publish('koru', 'atlas', path.join(work, 'atlas'), {
    description: 'Routes requests',
    stars: 42,
    forks: 7,
    topics: ['routing'],
    languages: { TypeScript: 900, Python: 100 },
    contributors: [{ login: 'ada', contributions: 12 }],
  });
  server.publish('koru', 'hidden', path.join(work, 'atlas'), { private: true, description: 'secret plans' });
  other.publish('someone', 'atlas', path.join(work, 'atlas'));
});

afterAll(async () => {
  await server?.close();
  await other?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('git sources over smart HTTP', () => {
  it('clones the default branch shallowly, without .git, with GitHub metadata', async () => {
    const s = sources('clone');
    const src = await s.open({ kind: 'git', url: atlas });
    expect(src).toMatchObject({ kind: 'git', commit, ref: 'refs/heads/main', cached: false, via: 'git', label: `${new URL(server.url).host}/koru/atlas` });
    expect(fs.readFileSync(path.join(src.root, 'README.md'), 'utf8')).toContain('Atlas routes');
    expect(fs.existsSync(path.join(src.root, '.git'))).toBe(false);
    expect(src.metadata).toMatchObject({ owner: 'koru', name: 'atlas', description: 'Routes requests', stars: 42, forks: 7, topics: ['routing'], languages: { TypeScript: 900 }, contributors: [{ login: 'ada', contributions: 12 }] });
    // Committed-but-ignored files are in the clone, and the analysis still leaves them out.
    expect(fs.existsSync(path.join(src.root, 'debug.log'))).toBe(true);
    const a = await analyze(src.root);
    expect(a.files.map((f) => f.path)).not.toContain('debug.log');
    expect(a.files.map((f) => f.path)).toContain('packages/core/src/router.ts');
  });

  it('never fetches the same commit twice: a pinned commit makes no request, a branch only lists refs', async () => {
    const s = sources('cache');
    await s.open({ kind: 'git', url: atlas });
    const before = server.requests.length;
    const pinned = await s.open({ kind: 'git', url: atlas, ref: commit });
    expect(pinned).toMatchObject({ cached: true, commit });
    expect(server.requests.length).toBe(before);

    const again = await s.open({ kind: 'git', url: `${atlas.replace(/\.git$/, '')}/` }); // the same repository, spelled differently
    expect(again).toMatchObject({ cached: true, commit, metadata: { stars: 42 } });
    const sent = server.requests.slice(before);
    expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /koru/atlas/info/refs?service=git-upload-pack`]);

    // A new commit on the branch is fetched.
    commitRepo(path.join(work, 'atlas'), { 'CHANGELOG.md': '# 2\n' }, 'second');
    server.publish('koru', 'atlas', path.join(work, 'atlas'), { stars: 43 });
    const next = await s.open({ kind: 'git', url: atlas });
    expect(next.cached).toBe(false);
    expect(next.commit).not.toBe(commit);
    expect(fs.existsSync(path.join(next.root, 'CHANGELOG.md'))).toBe(true);
    server.publish('koru', 'atlas', path.join(work, 'atlas'), { stars: 42 });
  });

  it('a private repository: refused without a token (typed), cloned with it, the token sent only to its origin', async () => {
    const url = `${server.url}/koru/hidden.git`;
    const without = await problemOf(sources('private-none', { github: githubAt(server, null) }).open({ kind: 'git', url }));
    expect(without).toMatchObject({ problem: 'private', code: 'UNAUTHORIZED' });
    expect(without.message).toMatch(/private or needs credentials.*GitHub token/);

    const wrong = await problemOf(sources('private-wrong', { github: githubAt(server, 'ghp_wrongwrongwrongwrong') }).open({ kind: 'git', url }));
    expect(wrong).toMatchObject({ problem: 'private' });
    expect(wrong.message).toMatch(/refused the GitHub token/);

    const s = sources('private');
    const src = await s.open({ kind: 'git', url });
    expect(src.metadata?.description).toBe('secret plans');
    expect(fs.existsSync(path.join(src.root, 'README.md'))).toBe(true);

    // Another server gets no token, even when it is on the same host.
    const seenBefore = other.requests.length;
    const elsewhere = await s.open({ kind: 'git', url: `${other.url}/someone/atlas.git` });
    expect(elsewhere.metadata).toBeNull();
    const toOther = other.requests.slice(seenBefore);
    expect(toOther.length).toBeGreaterThan(0);
    expect(toOther.every((r) => r.authorization === null)).toBe(true);
    expect(server.requests.some((r) => r.authorization?.includes(Buffer.from(`x-access-token:${TOKEN}`).toString('base64')))).toBe(true);
  });

  it('a GitHub commit as a tarball, also for a commit that is no branch tip', async () => {
    const s = sources('tarball');
    const src = await s.open({ kind: 'git', url: atlas }, { via: 'tarball' });
    expect(src).toMatchObject({ via: 'tarball', cached: false });
    expect(fs.readFileSync(path.join(src.root, 'packages/core/src/router.ts'), 'utf8')).toContain('class Router');
    expect(fs.existsSync(path.join(src.root, 'assets/logo.png'))).toBe(true);

    const old = await s.open({ kind: 'git', url: atlas, ref: commit }); // the first commit, no longer the tip after the cache test
    expect(old.commit).toBe(commit);
    expect(fs.existsSync(path.join(old.root, 'README.md'))).toBe(true);
  });

  it('typed errors: empty, unknown ref, no repository, not a git server, unreachable, over the cap', async () => {
    const s = sources('errors');
    const empty = server.publishEmpty('koru', 'empty');
    expect(await problemOf(s.open({ kind: 'git', url: empty }))).toMatchObject({ problem: 'empty', message: expect.stringContaining('no commits') });
    expect(await problemOf(s.open({ kind: 'git', url: atlas, ref: 'no-such-branch' }))).toMatchObject({ problem: 'unknown_ref', code: 'NOT_FOUND' });
    expect(await problemOf(s.open({ kind: 'git', url: `${server.url}/koru/nothing.git` }))).toMatchObject({ problem: 'not_a_repository' });

    const html = http.createServer((_q, r) => r.writeHead(200, { 'content-type': 'text/html' }).end('<html>hello</html>'));
    await new Promise<void>((r) => html.listen(0, '127.0.0.1', r));
    const port = (html.address() as AddressInfo).port;
    try {
      expect(await problemOf(s.open({ kind: 'git', url: `http://127.0.0.1:${port}/a/b.git` }))).toMatchObject({ problem: 'not_a_repository', message: expect.stringContaining('smart HTTP') });
    } finally {
      await new Promise((r) => html.close(r));
    }
    expect(await problemOf(s.open({ kind: 'git', url: `http://127.0.0.1:${port}/a/b.git` }))).toMatchObject({ problem: 'unreachable', message: expect.stringContaining('could not reach') });

    // Over the cap: a repository whose pack is larger than the (lowered) limit; nothing half-stored.
    const big = path.join(work, 'big');
    commitRepo(big, { 'data.txt': randomBytes(200_000).toString('hex') });
    const bigUrl = server.publish('koru', 'big', big);
    const capped = sources('capped', { maxBytes: 50_000 });
    const over = await problemOf(capped.open({ kind: 'git', url: bigUrl }));
    expect(over).toMatchObject({ problem: 'too_large' });
    expect(over.message).toContain('49 KB');
    const cacheRoot = path.join(work, 'capped', 'sources');
    const leftovers = fs.readdirSync(cacheRoot).flatMap((d) => fs.readdirSync(path.join(cacheRoot, d)));
    expect(leftovers).toEqual([]);
    const overTar = await problemOf(capped.open({ kind: 'git', url: bigUrl }, { via: 'tarball' }));
    expect(overTar).toMatchObject({ problem: 'too_large' });
  });

  it('a crashed fetch leaves nothing behind after the next start', async () => {
    const s = sources('crash');
    const src = await s.open({ kind: 'git', url: atlas });
    const repoDir = path.dirname(src.root);
    const dead = path.join(repoDir, `.partial-${2 ** 22 + 1}-abcdef012345`);
    fs.mkdirSync(dead);
    fs.writeFileSync(path.join(dead, 'half.txt'), 'x');
    const mine = path.join(repoDir, `.partial-${process.pid}-abcdef012345`);
    fs.mkdirSync(mine);
    await sources('crash').open({ kind: 'git', url: atlas, ref: src.commit! });
    expect(fs.existsSync(dead)).toBe(false);
    expect(fs.existsSync(mine)).toBe(true); // a live process's fetch is not touched
  });
});

describe('folder sources', () => {
  it('a folder is read in place; a missing one or a file is a typed error', async () => {
    const s = sources('folders');
    const dir = path.join(work, 'atlas');
    expect(await s.open({ kind: 'folder', path: dir })).toMatchObject({ kind: 'folder', root: dir, commit: null, metadata: null, cached: false });
    expect(await problemOf(s.open({ kind: 'folder', path: path.join(work, 'nope') }))).toMatchObject({ problem: 'missing_folder', code: 'NOT_FOUND' });
    expect(await problemOf(s.open({ kind: 'folder', path: path.join(dir, 'README.md') }))).toMatchObject({ problem: 'missing_folder', message: expect.stringContaining('is a file') });
  });

  it('the marker files are really in the fixture (so the packing tests mean something)', () => {
    const files = fixtureFiles();
    expect(String(files['debug.log'])).toContain(SECRET_MARKER);
    expect((files['assets/logo.png'] as Buffer).includes(0)).toBe(true);
  });
});
