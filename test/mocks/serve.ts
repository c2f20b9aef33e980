/**
 * Starts the mock providers and prints the environment that points Koru at them, for manual
 * runs, E2E tests and benches:
 *   npx tsx test/mocks/serve.ts [--realistic] [--chaos 0.3]
 * then e.g. `eval "$(…)"` or copy the lines. Stops on Ctrl-C (or after --for SECONDS).
 */
import { KEYED_PROVIDERS } from '../../contract/providers';
import { realisticLatency, startAllMocks } from './index';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? (args[i + 1] ?? '') : undefined;
};

const mocks = await startAllMocks();
const all = KEYED_PROVIDERS.map((p) => mocks[p]);
if (args.includes('--realistic')) for (const m of all) m.latencyMs = realisticLatency();
const chaos = flag('--chaos');
if (chaos) for (const [i, m] of all.entries()) m.chaos({ rate: Number(chaos), seed: i + 1, kinds: ['rate_limit', 'server', 'slow'], retryAfterMs: 500, delayMs: 5_000 });

console.log(`export ${Object.entries(mocks.env()).map(([k, v]) => `${k}=${v}`).join(' ')}`);

const stop = async () => {
  console.error('calls:', JSON.stringify(Object.fromEntries(KEYED_PROVIDERS.map((p) => [p, mocks[p].calls]))));
  await mocks.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
const seconds = Number(flag('--for') ?? 0);
if (seconds > 0) setTimeout(() => void stop(), seconds * 1000);
