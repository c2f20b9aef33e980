// Runs one benchmark group in this process and writes its figures as JSON to the given file.
// bench/index.ts starts one process per group, so no group's heap, JIT state or leftover timers
// colour another's figures (a ritual measured after the 1 h render ran ~60 ms slower).
import { writeFileSync } from 'node:fs';

type Bench = () => Promise<Record<string, number | string>>;
const GROUPS: Record<string, () => Promise<Bench>> = {
  render: async () => (await import('./render')).benchRender,
  live: async () => (await import('./live')).benchLive,
  spectrum: async () => (await import('./spectrum')).benchSpectrum,
  rituals: async () => (await import('./rituals')).benchRituals,
};

const [name, out] = process.argv.slice(2);
const load = name ? GROUPS[name] : undefined;
if (!load || !out) {
  console.error(`usage: tsx bench/one.ts <${Object.keys(GROUPS).join('|')}> <result.json>`);
  process.exit(2);
}
const figures = await (await load())();
writeFileSync(out, JSON.stringify(figures));
process.exit(0);
