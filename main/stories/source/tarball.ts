/**
 * A GitHub commit as a tarball (`GET /repos/{owner}/{repo}/tarball/{sha}`): one request, no pack
 * to index, and any commit, not only branch tips. The token goes to the API origin only; the API
 * answers with a redirect to codeload.github.com carrying its own short-lived token in the URL,
 * which is followed without ours, and only to GitHub's own origins. Only files and folders are
 * unpacked (no links, no devices), inside the target folder (node-tar refuses `..` and absolute
 * paths), and the download counts towards SOURCE_MAX_BYTES.
 */
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { x as untar } from 'tar';
import { SOURCE_MAX_BYTES } from '../../../contract/stories';
import { githubOrigins, type GitHubAccess } from '../../providers';
import { SourceError, tooLargeBytes } from './errors';

export async function downloadTarball(
  a: GitHubAccess,
  repo: { owner: string; name: string },
  commit: string,
  dir: string,
  o: { signal?: AbortSignal; onBytes?: (n: number) => void; maxBytes?: number } = {},
): Promise<void> {
  const url = `${a.apiBaseUrl.replace(/\/+$/, '')}/repos/${encodeURIComponent(repo.owner)}/${encodeURIComponent(repo.name)}/tarball/${commit}`;
  const headers: Record<string, string> = { accept: 'application/vnd.github+json', 'user-agent': 'koru' };
  if (a.token) headers.authorization = `token ${a.token}`;
  let res = await fetchOr(url, { headers, redirect: 'manual', signal: o.signal });
  const location = res.headers.get('location');
  if (res.status >= 300 && res.status < 400 && location) {
    await res.body?.cancel().catch(() => undefined);
    const next = new URL(location, url);
    const o2 = githubOrigins(a.apiBaseUrl);
    if (![o2.api, o2.git, ...o2.archives].includes(next.origin)) {
      throw new SourceError('not_a_repository', `GitHub redirected the download to ${next.host}, which Koru does not follow`);
    }
    res = await fetchOr(next, { headers: { 'user-agent': 'koru' }, redirect: 'manual', signal: o.signal });
  }
  if (res.status === 401 || res.status === 403 || res.status === 404) {
    await res.body?.cancel().catch(() => undefined);
    throw new SourceError(
      res.status === 404 && a.token ? 'unknown_ref' : 'private',
      res.status === 404 && a.token
        ? `GitHub has no commit ${commit.slice(0, 12)} in ${repo.owner}/${repo.name}`
        : `GitHub would not send ${repo.owner}/${repo.name} — it is private or does not exist; add a GitHub token in Settings → Providers (or GITHUB_TOKEN)`,
      { status: res.status },
    );
  }
  if (!res.ok || !res.body) throw new SourceError('unreachable', `GitHub answered ${res.status} for the download of ${repo.owner}/${repo.name} — try again later`, { status: res.status });
  const declared = Number(res.headers.get('content-length') ?? NaN);
  const cap = o.maxBytes ?? SOURCE_MAX_BYTES;
  if (declared > cap) {
    await res.body.cancel().catch(() => undefined);
    throw tooLargeBytes(`${repo.owner}/${repo.name}`, cap);
  }
  let received = 0;
  const count = new Transform({
    transform(chunk: Buffer, _enc, done) {
      received += chunk.length;
      o.onBytes?.(received);
      done(received > cap ? tooLargeBytes(`${repo.owner}/${repo.name}`, cap) : null, chunk);
    },
  });
  await pipeline(
    Readable.fromWeb(res.body as import('node:stream/web').ReadableStream),
    count,
    untar({ cwd: dir, strip: 1, filter: (_p, entry) => 'type' in entry && (entry.type === 'File' || entry.type === 'Directory') }),
    { signal: o.signal },
  );
}

async function fetchOr(url: string | URL, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (err) {
    if (init.signal?.aborted) throw err;
    throw new SourceError('unreachable', `Koru could not reach ${new URL(url).host} — check your network`);
  }
}
