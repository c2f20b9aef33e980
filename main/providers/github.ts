/**
 * GitHub, through its official SDK core (@octokit/core): repository metadata for code stories
 * and the connection test. The token is optional (public repositories need none; it lifts the
 * rate limit and opens private ones) and goes only to GitHub's own origins for the configured
 * API: api.github.com's are github.com (git), api.github.com and codeload.github.com
 * (tarballs); a GitHub Enterprise API (`https://host/api/v3`) has its host alone.
 */
import { Octokit } from '@octokit/core';
import type { RepoMetadata } from '../../contract/stories';
import { toProviderError } from './errors';
import type { Vendor } from './vendor';

/** What code stories are given to reach GitHub: never logged, never sent to the renderer. */
export interface GitHubAccess {
  apiBaseUrl: string;
  /** The API's origin (the token is bound to it in the secret store). */
  origin: string;
  /** null: no token for this endpoint (public repositories only). */
  token: string | null;
  /** Refuses any request or redirect off the API origin. */
  fetch: typeof fetch;
}

const DOTCOM_API = 'https://api.github.com';

/** The origins the token may be sent to, for the configured API base URL. */
export function githubOrigins(apiBaseUrl: string): { git: string; api: string; archives: string[] } {
  const api = new URL(apiBaseUrl).origin;
  if (api === DOTCOM_API) return { git: 'https://github.com', api, archives: ['https://codeload.github.com'] };
  return { git: api, api, archives: [] };
}

/** `owner/name` of a clone URL on the configured GitHub, else null. */
export function githubRepoOf(url: string, apiBaseUrl: string): { owner: string; name: string } | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.origin !== githubOrigins(apiBaseUrl).git) return null;
  const m = /^\/([^/]+)\/([^/]+?)(?:\.git)?\/?$/.exec(u.pathname);
  return m ? { owner: m[1]!, name: m[2]! } : null;
}

export function createGitHubClient(a: Pick<GitHubAccess, 'apiBaseUrl' | 'token' | 'fetch'>): Octokit {
  return new Octokit({
    baseUrl: a.apiBaseUrl.replace(/\/+$/, ''),
    ...(a.token ? { auth: a.token } : {}),
    request: { fetch: a.fetch, retries: 0 },
    userAgent: 'koru',
  });
}

/** The repository's facts on GitHub; lists that fail (a 403 on contributors of a huge repo) are empty. */
export async function fetchRepoMetadata(a: GitHubAccess, owner: string, name: string, signal?: AbortSignal): Promise<RepoMetadata> {
  const gh = createGitHubClient(a);
  const req = { owner, repo: name, request: { signal } };
  let repo;
  try {
    repo = (await gh.request('GET /repos/{owner}/{repo}', req)).data;
  } catch (err) {
    throw toProviderError('github', err);
  }
  const optional = async <T>(p: Promise<{ data: T }>, empty: T): Promise<T> => {
    try {
      return (await p).data;
    } catch {
      return empty;
    }
  };
  const [languages, contributors] = await Promise.all([
    optional(gh.request('GET /repos/{owner}/{repo}/languages', req), {} as Record<string, number>),
    optional(gh.request('GET /repos/{owner}/{repo}/contributors', { ...req, per_page: 20 }), [] as Array<{ login?: string; contributions: number }>),
  ]);
  return {
    host: new URL(githubOrigins(a.apiBaseUrl).git).host,
    owner: repo.owner?.login ?? owner,
    name: repo.name ?? name,
    description: repo.description ?? null,
    stars: repo.stargazers_count ?? null,
    forks: repo.forks_count ?? null,
    topics: repo.topics ?? [],
    languages,
    contributors: (Array.isArray(contributors) ? contributors : []).filter((c) => c.login).map((c) => ({ login: c.login!, contributions: c.contributions })),
    defaultBranch: repo.default_branch ?? null,
    license: repo.license?.spdx_id ?? null,
    homepage: repo.homepage || null,
  };
}

export const githubVendor: Vendor<'github'> = {
  /** One cheap call that counts against no quota: the rate limit itself. */
  probe: async (c, signal) => {
    const gh = createGitHubClient({ apiBaseUrl: c.baseUrl, token: c.apiKey, fetch: c.fetch });
    try {
      const { data } = await gh.request('GET /rate_limit', { request: { signal } });
      const core = (data as { resources?: { core?: { remaining?: number; limit?: number } } }).resources?.core;
      return core ? `${core.remaining} of ${core.limit} requests left this hour` : 'connected';
    } catch (err) {
      throw toProviderError('github', err);
    }
  },
};
