/**
 * Starts the three mock providers and prints the environment that points Koru at them, for
 * manual runs, E2E tests and benches:
 *   npx tsx test/mocks/serve.ts [--realistic] [--chaos 0.3]
 * then e.g. `eval "$(…)"` or copy the lines. Stops on Ctrl-C (or after --for SECONDS).
 */
import { ELEVENLABS_MOCK_KEY, GEMINI_MOCK_KEY, OPENAI_MOCK_KEY, realisticLatency, startAllMocks } from './index';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? (args[i + 1] ?? '') : undefined;
};

const mocks = await startAllMocks();
const all = [mocks.openai, mocks.elevenlabs, mocks.gemini];
if (args.includes('--realistic')) for (const m of all) m.latencyMs = realisticLatency();
const chaos = flag('--chaos');
if (chaos) for (const [i, m] of all.entries()) m.chaos({ rate: Number(chaos), seed: i + 1, kinds: ['rate_limit', 'server', 'slow'], retryAfterMs: 500, delayMs: 5_000 });

console.log(`export OPENAI_BASE_URL=${mocks.openai.url}/v1 OPENAI_API_KEY=${OPENAI_MOCK_KEY}`);
console.log(`export ELEVENLABS_BASE_URL=${mocks.elevenlabs.url} ELEVENLABS_API_KEY=${ELEVENLABS_MOCK_KEY}`);
console.log(`export GEMINI_BASE_URL=${mocks.gemini.url} GEMINI_API_KEY=${GEMINI_MOCK_KEY}`);

const stop = async () => {
  console.error('calls:', JSON.stringify({ openai: mocks.openai.calls, elevenlabs: mocks.elevenlabs.calls, gemini: mocks.gemini.calls }));
  await mocks.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
const seconds = Number(flag('--for') ?? 0);
if (seconds > 0) setTimeout(() => void stop(), seconds * 1000);
