/** Mock provider servers for tests: each listens on 127.0.0.1:0 and speaks its vendor's wire format. */
export { startOpenAIMock, OPENAI_MOCK_KEY } from './openai';
export { startElevenLabsMock, ELEVENLABS_MOCK_KEY, ELEVENLABS_MOCK_VOICES } from './elevenlabs';
export { startGeminiMock, GEMINI_MOCK_KEY } from './gemini';
export { seeded, realisticLatency, type Latency, type Fault, type FaultKind, type MockServer, type ChaosOptions } from './harness';

import { startElevenLabsMock } from './elevenlabs';
import { startGeminiMock } from './gemini';
import { startOpenAIMock } from './openai';

/** All three at once, for tests that cross providers (fallback, registry). */
export async function startAllMocks() {
  const [openai, elevenlabs, gemini] = await Promise.all([startOpenAIMock(), startElevenLabsMock(), startGeminiMock()]);
  return {
    openai,
    elevenlabs,
    gemini,
    close: () => Promise.all([openai.close(), elevenlabs.close(), gemini.close()]).then(() => undefined),
  };
}
