// `npm run bench`: every speed figure of the foundation, measured side by side in one run.
import { benchRender } from './render';
import { benchLive } from './live';
import { benchRituals } from './rituals';
import { benchSpectrum } from './spectrum';

const rows: [string, Record<string, number | string>][] = [];
for (const [name, run] of [
  ['render: 1 h of pink/40 200+10/20 → 16-bit WAV data at 44.1 kHz', benchRender],
  ['live: play latency and underruns', benchLive],
  ['spectrum: analyser cost', benchSpectrum],
  ['rituals: first narration, cache, a 10,000-ritual library', benchRituals],
] as const) {
  process.stderr.write(`running ${name} …\n`);
  rows.push([name, await run()]);
}
for (const [name, figures] of rows) {
  console.log(`\n${name}`);
  for (const [k, v] of Object.entries(figures)) console.log(`  ${k.padEnd(34)} ${typeof v === 'number' ? +v.toFixed(3) : v}`);
}
