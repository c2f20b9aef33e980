// `npm run bench`: every speed figure, measured side by side in one run, each group in a fresh
// process of its own (bench/one.ts) and the table printed at the end. `npm run bench -- dubbing
// sky` runs only the groups named.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GROUPS, type Figures } from './groups';

const dir = mkdtempSync(join(tmpdir(), 'koru-bench-'));
const one = fileURLToPath(new URL('./one.ts', import.meta.url));
const rows: [string, Figures][] = [];
let failed = false;
try {
  const named = process.argv.slice(2);
  const unknown = named.filter((n) => !GROUPS.some((g) => g.id === n));
  if (unknown.length) throw new Error(`no bench group ${unknown.join(', ')} (there are ${GROUPS.map((g) => g.id).join(', ')})`);
  for (const { id, title } of GROUPS.filter((g) => named.length === 0 || named.includes(g.id))) {
    process.stderr.write(`running ${title} …\n`);
    const out = join(dir, `${id}.json`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', one, id, out], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status === 0) rows.push([title, JSON.parse(readFileSync(out, 'utf8')) as Figures]);
    else {
      failed = true;
      rows.push([title, { failed: `exit ${r.status ?? r.signal}` }]);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
for (const [name, figures] of rows) {
  console.log(`\n${name}`);
  for (const [k, v] of Object.entries(figures)) console.log(`  ${k.padEnd(44)} ${typeof v === 'number' ? +v.toFixed(3) : v}`);
}
process.exitCode = failed ? 1 : 0;
