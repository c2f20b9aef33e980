/**
 * Git over smart HTTP with isomorphic-git (no git binary): the refs are listed first (one small
 * request) to learn the commit, so a cached commit is not fetched again; otherwise a shallow
 * clone (depth 1, one branch, no tags) into the cache. The HTTP client is isomorphic-git's own
 * (`isomorphic-git/http/node`), wrapped: the GitHub token is added only for GitHub's git origin,
 * and such requests follow no redirect (simple-get keeps `Authorization` across a redirect that
 * changes only the port or the scheme); every response body counts towards SOURCE_MAX_BYTES.
 */
import fs from 'node:fs';
import git, { type GitHttpRequest, type GitHttpResponse, type HttpClient, type ServerRef } from 'isomorphic-git';
import nodeHttp from 'isomorphic-git/http/node';
import { SOURCE_MAX_BYTES } from '../../../contract/stories';
import { SourceError, tooLargeBytes } from './errors';

export interface GitAuth {
  /** Exact origin the token may go to. */
  origin: string;
  token: string;
}

export interface GitOptions {
  url: string;
  auth: GitAuth | null;
  signal?: AbortSignal;
  /** Bytes received so far over every request (progress, and the cap). */
  onBytes?: (received: number) => void;
  maxBytes?: number;
}

const FULL_SHA = /^[0-9a-f]{40}$/i;

/** The HttpClient given to isomorphic-git: token for its origin only, body bytes counted. */
export function gitHttp(o: Pick<GitOptions, 'auth' | 'signal' | 'onBytes' | 'maxBytes'>): HttpClient & { received(): number } {
  let received = 0;
  const cap = o.maxBytes ?? SOURCE_MAX_BYTES;
  return {
    received: () => received,
    async request(req: GitHttpRequest): Promise<GitHttpResponse> {
      o.signal?.throwIfAborted();
      const withToken = o.auth !== null && new URL(req.url).origin === o.auth.origin;
      const headers = { ...req.headers };
      for (const k of Object.keys(headers)) if (k.toLowerCase() === 'authorization') delete headers[k];
      if (withToken) headers.Authorization = `Basic ${Buffer.from(`x-access-token:${o.auth!.token}`).toString('base64')}`;
      const res = await nodeHttp.request({
        ...req,
        headers,
        signal: o.signal,
        ...(withToken ? { fetchOptions: { ...req.fetchOptions, maxRedirects: 0 } } : {}),
      });
      const body = res.body;
      if (!body) return res;
      async function* counted(): AsyncIterableIterator<Uint8Array> {
        for await (const chunk of body as AsyncIterable<Uint8Array>) {
          received += chunk.byteLength;
          o.onBytes?.(received);
          if (received > cap) throw tooLargeBytes('The repository', cap);
          yield chunk;
        }
      }
      return { ...res, body: counted() };
    },
  };
}

/** What the server has: the default branch and every branch and tag tip. */
export async function listRefs(o: GitOptions): Promise<ServerRef[]> {
  try {
    return await git.listServerRefs({ http: gitHttp(o), url: o.url, protocolVersion: 1, symrefs: true, peelTags: true });
  } catch (err) {
    throw gitError(err, o);
  }
}

export interface Resolved {
  commit: string;
  /** The branch or tag to clone (null: the commit is not at the tip of any). */
  ref: string | null;
}

/** Which commit `wanted` (a branch, a tag, a full commit id, or the default branch) is. */
export function resolveRef(refs: ServerRef[], wanted: string | undefined, url: string): Resolved {
  const heads = refs.filter((r) => r.ref.startsWith('refs/heads/') || r.ref.startsWith('refs/tags/'));
  if (heads.length === 0) throw new SourceError('empty', `The repository at ${url} has no commits yet`);
  const tip = (r: ServerRef) => (r as ServerRef & { peeled?: string }).peeled ?? r.oid;
  if (!wanted) {
    const head = refs.find((r) => r.ref === 'HEAD');
    const target = head?.target ? refs.find((r) => r.ref === head.target) : undefined;
    if (head && target) return { commit: head.oid, ref: target.ref };
    const main = refs.find((r) => r.ref === 'refs/heads/main') ?? refs.find((r) => r.ref === 'refs/heads/master') ?? heads[0]!;
    return { commit: tip(main), ref: main.ref };
  }
  const named = refs.find((r) => r.ref === `refs/heads/${wanted}`) ?? refs.find((r) => r.ref === `refs/tags/${wanted}`) ?? refs.find((r) => r.ref === wanted);
  if (named) return { commit: tip(named), ref: named.ref };
  if (FULL_SHA.test(wanted)) {
    const at = heads.find((r) => tip(r) === wanted.toLowerCase());
    return { commit: wanted.toLowerCase(), ref: at?.ref ?? null };
  }
  throw new SourceError('unknown_ref', `The repository at ${url} has no branch or tag named “${wanted}”`, { ref: wanted });
}

/** Shallow clone of `ref` into `dir`, then the .git folder is dropped (the cache keeps files
 *  only); returns the commit checked out. */
export async function shallowClone(o: GitOptions & { dir: string; ref: string }): Promise<string> {
  const short = o.ref.replace(/^refs\/(heads|tags)\//, '');
  try {
    await git.clone({ fs, http: gitHttp(o), dir: o.dir, url: o.url, ref: short, singleBranch: true, depth: 1, noTags: true });
    const commit = await git.resolveRef({ fs, dir: o.dir, ref: 'HEAD' });
    fs.rmSync(`${o.dir}/.git`, { recursive: true, force: true });
    return commit;
  } catch (err) {
    throw gitError(err, o);
  }
}

const NETWORK = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EAI_NONAME|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|ENETUNREACH|socket hang up|CERT_|SELF_SIGNED|UNABLE_TO_VERIFY/;

/** isomorphic-git's errors → one SourceError each. */
export function gitError(err: unknown, o: Pick<GitOptions, 'url' | 'auth' | 'signal'>): Error {
  if (err instanceof SourceError) return err;
  if (o.signal?.aborted) return o.signal.reason instanceof Error ? o.signal.reason : new Error('cancelled');
  const e = err as { code?: string; message?: string; data?: { statusCode?: number }; cause?: unknown };
  const host = new URL(o.url).host;
  const status = e.code === 'HttpError' ? e.data?.statusCode : undefined;
  if (status === 401 || status === 403) {
    return o.auth
      ? new SourceError('private', `${host} refused the GitHub token for ${o.url} — check that it can read this repository (Settings → Providers → GitHub)`, { status })
      : new SourceError('private', `${o.url} is private or needs credentials — add a GitHub token in Settings → Providers (or GITHUB_TOKEN) if it is on GitHub`, { status });
  }
  if (status === 404) return new SourceError('not_a_repository', `There is no git repository at ${o.url} (${host} answered 404)`, { status });
  if (status !== undefined) return new SourceError('unreachable', `${host} answered ${status} for ${o.url} — try again later`, { status });
  if (e.code === 'SmartHttpError' || e.code === 'ParseError' || e.code === 'UnknownTransportError' || e.code === 'EmptyServerResponseError')
    return new SourceError('not_a_repository', `${o.url} did not answer as a git server (smart HTTP) — check the address`);
  const text = `${e.message ?? ''} ${(e.cause as Error | undefined)?.message ?? ''} ${(e as { errno?: string }).errno ?? ''} ${(err as { code?: string }).code ?? ''}`;
  if (/too many redirects/i.test(text)) return new SourceError('not_a_repository', `${host} redirected Koru elsewhere; with your GitHub token Koru follows no redirect — use the final address of the repository`);
  if (NETWORK.test(text)) return new SourceError('unreachable', `Koru could not reach ${host} — check the address and your network`);
  if (e.code === 'NotFoundError') return new SourceError('unknown_ref', `${o.url}: ${e.message ?? 'not found'}`);
  return new SourceError('not_a_repository', `Koru could not read ${o.url} as a git repository: ${e.message ?? String(err)}`);
}
