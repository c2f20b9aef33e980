/** GitHub through @octokit/core against the mock API: metadata, the connection test, and the
 *  token given out only for the endpoint it belongs to. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GITHUB_MOCK_KEY, startGitHubMock, startListener, type Listener, type MockServer } from '../../test/mocks';
import { createMemorySecretStore } from '../secrets';
import { fetchRepoMetadata, githubOrigins, githubRepoOf } from './github';
import { createProviders } from './registry';
import { defaultProviderSettings } from './settings';

let mock: MockServer;
let listener: Listener;
beforeAll(async () => {
  mock = await startGitHubMock({ repos: { 'koru/atlas': { description: 'Routes', stars: 3, topics: ['http'], languages: { Go: 10 }, contributors: [{ login: 'ada', contributions: 2 }] }, 'koru/private': { private: true, description: 'hidden' } } });
  listener = await startListener();
});
afterAll(async () => {
  await mock.close();
  await listener.close();
});

const registry = (env: NodeJS.ProcessEnv, keys: Record<string, string> = {}) =>
  createProviders({ secrets: createMemorySecretStore(keys), settings: defaultProviderSettings(), env });

describe('GitHub', () => {
  it('origins: github.com for git and codeload for archives; GitHub Enterprise is one host', () => {
    expect(githubOrigins('https://api.github.com')).toEqual({ git: 'https://github.com', api: 'https://api.github.com', archives: ['https://codeload.github.com'] });
    expect(githubOrigins('https://ghe.example.com/api/v3')).toEqual({ git: 'https://ghe.example.com', api: 'https://ghe.example.com', archives: [] });
    expect(githubRepoOf('https://github.com/koru/atlas.git', 'https://api.github.com')).toEqual({ owner: 'koru', name: 'atlas' });
    expect(githubRepoOf('https://gitlab.com/koru/atlas', 'https://api.github.com')).toBeNull();
  });

  it('the token comes from the environment only for its own API, and metadata reads through the SDK', async () => {
    const p = registry({ GITHUB_TOKEN: GITHUB_MOCK_KEY, GITHUB_API_URL: mock.url });
    const access = p.github();
    expect(access).toMatchObject({ apiBaseUrl: mock.url, token: GITHUB_MOCK_KEY });
    const meta = await fetchRepoMetadata(access, 'koru', 'private');
    expect(meta).toMatchObject({ owner: 'koru', name: 'private', description: 'hidden' });
    const pub = await fetchRepoMetadata({ ...access, token: null }, 'koru', 'atlas');
    expect(pub).toMatchObject({ stars: 3, topics: ['http'], languages: { Go: 10 }, contributors: [{ login: 'ada', contributions: 2 }] });
    await expect(fetchRepoMetadata({ ...access, token: null }, 'koru', 'private')).rejects.toMatchObject({ code: 'PROVIDER', failure: 'bad_request', status: 404 });
    expect(await p.testConnection('github')).toMatchObject({ ok: true, message: expect.stringContaining('4999 of 5000 requests left') });

    // The same env token with the API moved elsewhere (as settings could): not given out.
    const moved = createProviders({ secrets: createMemorySecretStore({}), settings: { ...defaultProviderSettings(), github: { baseUrl: listener.url } }, env: { GITHUB_TOKEN: GITHUB_MOCK_KEY } });
    expect(moved.github()).toMatchObject({ apiBaseUrl: listener.url, token: null });
    expect(registry({}).github()).toMatchObject({ apiBaseUrl: 'https://api.github.com', token: null });
  });

  it('a wrong token is GitHub’s 401, and a redirect off the API origin is refused', async () => {
    const p = registry({ GITHUB_TOKEN: 'ghp_wrong0000000000000000', GITHUB_API_URL: mock.url });
    expect(await p.testConnection('github')).toMatchObject({ ok: false, message: expect.stringContaining('rejected the API key') });
    mock.inject({ kind: 'redirect', location: `${listener.url}/` }, 1);
    const before = listener.received.length;
    await expect(fetchRepoMetadata(registry({ GITHUB_TOKEN: GITHUB_MOCK_KEY, GITHUB_API_URL: mock.url }).github(), 'koru', 'atlas')).rejects.toMatchObject({ failure: 'redirect' });
    expect(listener.received.length).toBe(before);
  });
});
