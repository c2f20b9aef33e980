// Runs one benchmark group in this process and writes its figures as JSON to the given file.
// bench/index.ts starts one process per group, so no group's heap, JIT state or leftover timers
// colour another's figures (a ritual measured after the 1 h render ran ~60 ms slower).
import { writeFileSync } from 'node:fs';
import { GROUPS } from './groups';

const [name, out] = process.argv.slice(2);
const load = GROUPS.find((g) => g.id === name)?.load;
if (!load || !out) {
  console.error(`usage: tsx bench/one.ts <${GROUPS.map((g) => g.id).join('|')}> <result.json>`);
  process.exit(2);
}
const figures = await (await load())();
writeFileSync(out, JSON.stringify(figures));
process.exit(0);
