/** Mock provider servers for tests: each listens on 127.0.0.1:0 and speaks its vendor's wire format. */
import { cloudOf, KEYED_PROVIDERS, type KeyedProviderId } from '../../contract/providers';
import { ANTHROPIC_MOCK_KEY, startAnthropicMock } from './anthropic';
import { DEEPGRAM_MOCK_KEY, startDeepgramMock } from './deepgram';
import { ELEVENLABS_MOCK_KEY, startElevenLabsMock } from './elevenlabs';
import { GEMINI_MOCK_KEY, startGeminiMock } from './gemini';
import { GITHUB_MOCK_KEY, startGitHubMock } from './github';
import type { MockServer } from './harness';
import { OPENAI_MOCK_KEY, startOpenAIMock } from './openai';

export { startOpenAIMock, OPENAI_MOCK_KEY, type ToolChatRequest, type ToolMove } from './openai';
export { startElevenLabsMock, ELEVENLABS_MOCK_KEY, ELEVENLABS_MOCK_VOICES } from './elevenlabs';
export { startGeminiMock, GEMINI_MOCK_KEY, type GeminiToolRequest, type GeminiMove } from './gemini';
export { startAnthropicMock, ANTHROPIC_MOCK_KEY, type AnthropicToolRequest, type AnthropicMove } from './anthropic';
export { startGitHubMock, GITHUB_MOCK_KEY, type GitHubMockRepo } from './github';
export { startDeepgramMock, DEEPGRAM_MOCK_KEY, type DeepgramMock, type DeepgramTurn } from './deepgram';
export { startListener, type Listener, type Received } from './listener';
export { translatingReply, MOCK_LINES } from './listen';
export { seeded, realisticLatency, type Latency, type Fault, type FaultKind, type MockServer, type ChaosOptions } from './harness';

/** One mock per cloud provider of the table (a provider without one does not compile): how to
 *  start it, the key it accepts, and the base URL its SDK is given. */
export const MOCKS: { [P in KeyedProviderId]: { start(): Promise<MockServer>; key: string; baseUrl(m: MockServer): string } } = {
  elevenlabs: { start: () => startElevenLabsMock(), key: ELEVENLABS_MOCK_KEY, baseUrl: (m) => m.url },
  openai: { start: () => startOpenAIMock(), key: OPENAI_MOCK_KEY, baseUrl: (m) => `${m.url}/v1` },
  gemini: { start: () => startGeminiMock(), key: GEMINI_MOCK_KEY, baseUrl: (m) => m.url },
  anthropic: { start: () => startAnthropicMock(), key: ANTHROPIC_MOCK_KEY, baseUrl: (m) => m.url },
  github: { start: () => startGitHubMock(), key: GITHUB_MOCK_KEY, baseUrl: (m) => m.url },
  deepgram: { start: () => startDeepgramMock(), key: DEEPGRAM_MOCK_KEY, baseUrl: (m) => m.url },
};

export type AllMocks = { [P in KeyedProviderId]: MockServer } & {
  /** The environment that points Koru at every mock, keys included. */
  env(): Record<string, string>;
  close(): Promise<void>;
};

/** Every mock at once, for tests that cross providers (fallback, registry). */
export async function startAllMocks(): Promise<AllMocks> {
  const servers = Object.fromEntries(await Promise.all(KEYED_PROVIDERS.map(async (p) => [p, await MOCKS[p].start()] as const))) as { [P in KeyedProviderId]: MockServer };
  return {
    ...servers,
    env: () =>
      Object.fromEntries(
        KEYED_PROVIDERS.flatMap((p) => [
          [cloudOf(p).baseUrlEnv, MOCKS[p].baseUrl(servers[p])],
          [cloudOf(p).keyEnv, MOCKS[p].key],
        ]),
      ),
    close: () => Promise.all(KEYED_PROVIDERS.map((p) => servers[p].close())).then(() => undefined),
  };
}
