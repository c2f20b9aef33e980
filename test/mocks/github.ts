import type { RepoMetadata } from '../../contract/stories';
import { startMock, type MockServer, type Route } from './harness';

/** GitHub's REST wire format for what Koru reads (rate limit, a repository, its languages and
 *  contributors). SDK baseUrl: `url` (api.github.com's layout, no /api/v3). A request without a
 *  token sees public repositories; a wrong token is refused with GitHub's 401 "Bad credentials",
 *  and a private repository is a 404 without the token, as on GitHub. */
export const GITHUB_MOCK_KEY = 'ghp_mockToken0123456789abcdefABCDEF0123';

export interface GitHubMockRepo extends Partial<Omit<RepoMetadata, 'host' | 'owner' | 'name'>> {
  private?: boolean;
}

export async function startGitHubMock(o: { key?: string; repos?: Record<string, GitHubMockRepo> } = {}): Promise<MockServer> {
  const key = o.key ?? GITHUB_MOCK_KEY;
  const repos = o.repos ?? { 'koru/atlas': { description: 'Routes requests', stars: 42, forks: 7, topics: ['routing', 'http'], languages: { TypeScript: 9000, Python: 1000 }, contributors: [{ login: 'ada', contributions: 30 }] } };
  const json = (body: unknown, status = 200) => ({ status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) });
  const withToken = (h: string | undefined) => h === `token ${key}` || h === `Bearer ${key}`;
  const repo = (req: { headers: { authorization?: string } }, m: RegExpMatchArray) => {
    const r = repos[`${m[1]}/${m[2]}`];
    return r && (!r.private || withToken(req.headers.authorization)) ? r : null;
  };
  const notFound = json({ message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' }, 404);
  const routes: Route[] = [
    {
      method: 'GET',
      pattern: /^\/rate_limit$/,
      endpoint: 'GET /rate_limit',
      handle: (req) => {
        const limit = withToken(req.headers.authorization as string | undefined) ? 5000 : 60;
        return json({ resources: { core: { limit, remaining: limit - 1, reset: 0, used: 1 } }, rate: { limit, remaining: limit - 1 } });
      },
    },
    {
      method: 'GET',
      pattern: /^\/repos\/([^/]+)\/([^/]+)$/,
      endpoint: 'GET /repos/:owner/:repo',
      handle: (req, m) => {
        const r = repo(req as never, m);
        if (!r) return notFound;
        return json({
          name: m[2],
          full_name: `${m[1]}/${m[2]}`,
          owner: { login: m[1], type: 'User' },
          private: !!r.private,
          description: r.description ?? null,
          stargazers_count: r.stars ?? 0,
          forks_count: r.forks ?? 0,
          topics: r.topics ?? [],
          default_branch: r.defaultBranch ?? 'main',
          license: r.license ? { spdx_id: r.license } : null,
          homepage: r.homepage ?? '',
        });
      },
    },
    {
      method: 'GET',
      pattern: /^\/repos\/([^/]+)\/([^/]+)\/languages$/,
      endpoint: 'GET /repos/:owner/:repo/languages',
      handle: (req, m) => {
        const r = repo(req as never, m);
        return r ? json(r.languages ?? {}) : notFound;
      },
    },
    {
      method: 'GET',
      pattern: /^\/repos\/([^/]+)\/([^/]+)\/contributors$/,
      endpoint: 'GET /repos/:owner/:repo/contributors',
      handle: (req, m) => {
        const r = repo(req as never, m);
        return r ? json((r.contributors ?? []).map((c) => ({ ...c, type: 'User' }))) : notFound;
      },
    },
  ];
  return startMock({
    routes,
    authorized: (req) => req.headers.authorization === undefined || withToken(req.headers.authorization),
    errorBody: (status) => ({ message: status === 401 ? 'Bad credentials' : `mock ${status}`, documentation_url: 'https://docs.github.com/rest', status: String(status) }),
  });
}

export { type MockServer };
