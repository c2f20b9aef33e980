/**
 * Child process of bench/dubbing.ts: decodes one file as the dub's decode step does and prints
 * its process's peak resident memory (the kernel's maxRSS), before and after, as JSON.
 * `npx tsx bench/dubbing-decode.ts <in> <out.s16>`
 */
import { decodeToFile } from '../main/dubbing/decode';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: tsx bench/dubbing-decode.ts <in> <out.s16>');
  process.exit(2);
}
const mb = () => process.resourceUsage().maxRSS / 1024;
const beforeMb = mb();
const t0 = performance.now();
const d = await decodeToFile(input, output, { name: input.split('/').pop()! });
const sec = (performance.now() - t0) / 1000;
console.log(JSON.stringify({ peakMb: mb(), beforeMb, sec, durationSec: d.source.durationSec }));
