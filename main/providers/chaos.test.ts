import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ELEVENLABS_MOCK_KEY, OPENAI_MOCK_KEY, startAllMocks } from '../../test/mocks';
import { createMemorySecretStore } from '../secrets';
import { chunkText } from './chunk';
import { createProviders } from './registry';
import { defaultProviderSettings } from './settings';

/**
 * Chaos: 30 % of provider calls fail (429 with Retry-After, 500, replies slower than the attempt
 * timeout; for ElevenLabs also its two 429 kinds). A 20-segment script must still be voiced by
 * the chosen provider, with the retry count bounded. Seeded, so the run is reproducible.
 */
let mocks: Awaited<ReturnType<typeof startAllMocks>>;
beforeAll(async () => {
  mocks = await startAllMocks();
});
afterAll(() => mocks.close());

const script = Array.from({ length: 20 }, (_, i) => `This is segment ${i + 1}; breathe and let it go.`).join(' ');

async function voice(provider: 'openai' | 'elevenlabs', voiceId: string) {
  const p = createProviders({
    secrets: createMemorySecretStore({ openai: OPENAI_MOCK_KEY, elevenlabs: ELEVENLABS_MOCK_KEY }),
    settings: defaultProviderSettings(),
    env: { OPENAI_BASE_URL: `${mocks.openai.url}/v1`, ELEVENLABS_BASE_URL: mocks.elevenlabs.url },
    queue: { baseDelayMs: 10, maxDelayMs: 200, attemptTimeoutMs: 250, maxRetries: 6 },
  });
  const chain = p.speech([provider]);
  const segments = chunkText(script, 60);
  expect(segments).toHaveLength(20);
  const t0 = performance.now();
  const results = await Promise.all(segments.map((s) => chain.speakDetailed({ text: s.text, voice: voiceId, previousText: s.previousText, nextText: s.nextText })));
  return { results, stats: p.stats()[provider]!, ms: performance.now() - t0 };
}

describe('chaos', () => {
  it('OpenAI: 30 % mixed 429/500/timeouts → all 20 segments complete, retries bounded', async () => {
    const m = mocks.openai;
    m.reset();
    m.latencyMs = [5, 25];
    m.chaos({ rate: 0.3, seed: 3, kinds: ['rate_limit', 'server', 'slow'], retryAfterMs: 30, delayMs: 1_000, endpoint: 'POST /v1/audio/speech' });
    const { results, stats, ms } = await voice('openai', 'alloy');
    expect(results.every((r) => r.provider === 'openai' && r.audio.samples.length > 0)).toBe(true);
    const injected = Object.values(m.faultsServed).reduce((a, b) => a + b, 0);
    expect(injected / stats.attempts).toBeGreaterThan(0.2); // the chaos really was ~30 %
    expect(stats.retries).toBe(injected); // every fault cost exactly one retry, nothing more
    expect(stats.retries).toBeLessThanOrEqual(20);
    expect(stats.maxInFlight).toBeLessThanOrEqual(4);
    console.log(`chaos openai: 20 segments, ${stats.attempts} attempts, ${stats.retries} retries`, m.faultsServed, `${ms.toFixed(0)} ms`);
  });

  it('ElevenLabs: 30 % concurrency/busy/429/500/timeouts → all 20 complete within its plan limit', async () => {
    const m = mocks.elevenlabs;
    m.reset();
    m.latencyMs = [5, 25];
    m.chaos({ rate: 0.3, seed: 8, kinds: ['el_concurrency', 'el_busy', 'server', 'slow'], retryAfterMs: 30, delayMs: 1_000, endpoint: 'POST /v1/text-to-speech/:voice_id' });
    const { results, stats, ms } = await voice('elevenlabs', '21m00Tcm4TlvDq8ikWAM');
    expect(results.every((r) => r.provider === 'elevenlabs')).toBe(true);
    const injected = Object.values(m.faultsServed).reduce((a, b) => a + b, 0);
    expect(injected / stats.attempts).toBeGreaterThan(0.2);
    expect(stats.retries).toBe(injected);
    expect(stats.retries).toBeLessThanOrEqual(20);
    expect(m.maxInFlight).toBeLessThanOrEqual(2); // default ElevenLabs concurrency
    console.log(`chaos elevenlabs: 20 segments, ${stats.attempts} attempts, ${stats.retries} retries`, m.faultsServed, `${ms.toFixed(0)} ms`);
  });
});
