/**
 * Code-story analysis of a generated 20,000-file repository (goal: < 5 s, peak RSS < 300 MB):
 * source in four languages with imports between modules, tests, docs, manifests, JSON data,
 * binaries, a lock file, and an ignored node_modules of 2,000 more files. The analysis runs in a
 * fresh child process so its peak RSS is its own, not the generator's, as the app runs it: on the
 * analysis thread (the built one), up already (the Stories page starts it when it opens); packing
 * a 100k-token prompt there is timed too. CPU time is that of every thread, so a busy machine's
 * wall time can be read against it. The generated lines repeat
 * across files more than real code does, which flatters the remembered piece counts (tokens.ts):
 * the same comparison on Koru's own sources is printed beside it.
 * Run standalone: `npx tsx bench/stories-analysis.ts`.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureMainBuilt } from '../scripts/main-bundle.mjs';

const FILES = 20_000;
const IGNORED = 2_000;
const PACK_BUDGET = 100_000;

/** Deterministic sizes: a long tail like real code (most files 1–4 KB, a few 20 KB). */
export function generate(root: string): { files: number; bytes: number } {
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const words = 'request response handler router cache session token parse render schema index value config logger client server buffer stream event queue worker'.split(' ');
  const line = (i: number) => `  const ${words[i % words.length]}${i} = ${words[(i * 7) % words.length]}(${i}, '${words[(i * 3) % words.length]}');`;
  let bytes = 0;
  const write = (rel: string, text: string | Buffer) => {
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text);
    bytes += text.length;
  };
  write('README.md', '# Generated\n\nA 20,000-file repository for the analysis benchmark.\n');
  write('package.json', JSON.stringify({ name: 'gen', main: 'src/index.ts', dependencies: { zod: '^4' }, devDependencies: { vitest: '^4' } }));
  write('package-lock.json', JSON.stringify({ lockfileVersion: 3, packages: {} }));
  write('.gitignore', 'node_modules/\n*.log\n');
  write('src/index.ts', "export * from './pkg0/mod0';\n");
  let n = 5;
  const exts = ['ts', 'ts', 'ts', 'py', 'go', 'rs'];
  for (let i = 0; n < FILES; i++) {
    const pkg = `pkg${i % 200}`;
    const kind = i % 20;
    if (kind === 0) write(`docs/${pkg}/page${i}.md`, `# Page ${i}\n\n${'Some prose about the module. '.repeat(20 + Math.floor(rnd() * 60))}\n`);
    else if (kind === 1) write(`src/${pkg}/data${i}.json`, JSON.stringify({ id: i, items: Array.from({ length: 20 }, (_, k) => words[k % words.length]) }));
    else if (kind === 2) write(`src/${pkg}/mod${i}.test.ts`, `import { f${i - 2} } from './mod${i - 2}';\n${Array.from({ length: 30 }, (_, k) => `test('${k}', () => expect(f${i - 2}()).toBeDefined());`).join('\n')}\n`);
    else if (kind === 3 && i % 100 === 3) write(`assets/${pkg}/img${i}.png`, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0]), randomBytes(2000)]));
    else {
      const ext = exts[i % exts.length]!;
      const lines = 20 + Math.floor(rnd() ** 2 * 400); // median ~120 lines, tail to 420
      const body = Array.from({ length: lines }, (_, k) => line(i + k)).join('\n');
      const dep = `mod${Math.max(0, i - 1 - Math.floor(rnd() * 50))}`;
      const head = ext === 'ts' ? `import { f } from '../pkg0/mod0';\nimport { g } from './${dep}';\n` : ext === 'py' ? `from .${dep} import g\n` : ext === 'go' ? `package ${pkg}\n\nimport "fmt"\n` : `mod ${dep};\n`;
      write(`src/${pkg}/mod${i}.${ext}`, `${head}\nexport function f${i}() {\n${body}\n}\n`);
    }
    n++;
  }
  for (let i = 0; i < IGNORED; i++) write(`node_modules/dep${i % 100}/index${i}.js`, `module.exports = ${i};\n`);
  return { files: n + IGNORED, bytes };
}

/** In the child: analyse, pack, report. */
export async function child(dir: string, koru: string): Promise<void> {
  const { analyze } = await import('../main/stories/analysis/analyze');
  const { createAnalysisThread } = await import('../main/stories/analysis/thread');
  const cpu = () => {
    const c = process.cpuUsage();
    return (c.user + c.system) / 1000;
  };
  const thread = createAnalysisThread({ entry: new URL('../dist-main/story-analysis.js', import.meta.url) });
  let t = performance.now();
  await thread.ready();
  const firstThreadMs = performance.now() - t;
  const rssBefore = process.memoryUsage().rss;
  const cpu0 = cpu();
  t = performance.now();
  const a = await analyze(dir, { reader: thread.read });
  const analyzeMs = performance.now() - t;
  const analyzeCpuMs = cpu() - cpu0;
  t = performance.now();
  const p = await thread.pack(a, { budget: PACK_BUDGET, focus: ['router', 'session'] });
  const packMs = performance.now() - t;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  await thread.close();
  // Real code: the tokenizer's count of each whole file against the piecewise count.
  const { countTokens } = await import('../main/stories/analysis/tokens');
  const { countTokens: whole } = await import('gpt-tokenizer');
  const { walk } = await import('../main/stories/analysis/walk');
  const texts = (await walk(koru)).files.map((f) => fs.readFileSync(path.join(koru, f.path), 'utf8')).filter((x) => !x.includes('\0'));
  whole('warm up');
  let c = cpu();
  const wholeTokens = texts.reduce((s, x) => s + whole(x, { disallowedSpecial: new Set() }), 0);
  const wholeCpuMs = cpu() - c;
  c = cpu();
  const pieceTokens = texts.reduce((s, x) => s + countTokens(x), 0);
  const pieceCpuMs = cpu() - c;
  process.stdout.write(
    JSON.stringify({
      analyzeMs,
      analyzeCpuMs,
      firstThreadMs,
      packMs,
      kept: a.files.length,
      tokens: a.totals.tokens,
      lines: a.totals.lines,
      skipped: Object.entries(a.skipped).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${v}`).join(', '),
      packTokens: p.tokens,
      packFiles: p.files.length,
      rssBeforeMb: rssBefore / 2 ** 20,
      peakRssMb,
      koru: `${texts.length} files, ${wholeTokens === pieceTokens ? `${pieceTokens} tokens either way` : `MISMATCH ${wholeTokens} whole, ${pieceTokens} piecewise`}`,
      wholeCpuMs,
      pieceCpuMs,
    }),
  );
}

export async function benchStoriesAnalysis(): Promise<Record<string, number | string>> {
  await ensureMainBuilt((line) => process.stderr.write(`${line}\n`)); // the analysis thread as the app runs it
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'koru-bench-stories-'));
  try {
    const g = generate(root);
    const me = fileURLToPath(import.meta.url);
    const koru = fileURLToPath(new URL('..', import.meta.url));
    const r = spawnSync(process.execPath, ['--import', 'tsx', me, '--child', root, koru], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (r.status !== 0) throw new Error(`analysis child failed: ${r.stderr}`);
    const c = JSON.parse(r.stdout) as Record<string, number | string>;
    return {
      'repository: files on disk (incl. ignored)': g.files,
      'repository: MB on disk': g.bytes / 2 ** 20,
      'files kept / lines / tokens': `${c.kept} / ${c.lines} / ${c.tokens}`,
      'skipped': c.skipped as string,
      'analysis wall time (s) [goal < 5]': (c.analyzeMs as number) / 1000,
      'analysis CPU time, all threads (s)': (c.analyzeCpuMs as number) / 1000,
      'analysis thread up, before it (s)': (c.firstThreadMs as number) / 1000,
      'analysis process peak RSS MB [goal < 300]': c.peakRssMb as number,
      'process RSS before analysis MB': c.rssBeforeMb as number,
      'load average (1 min) at the end': os.loadavg()[0]!,
      [`pack ${PACK_BUDGET / 1000}k-token prompt (s)`]: (c.packMs as number) / 1000,
      'pack: tokens / files': `${c.packTokens} / ${c.packFiles}`,
      "Koru's sources counted": c.koru as string,
      '  whole files at once, CPU (s)': (c.wholeCpuMs as number) / 1000,
      '  piece by piece (tokens.ts), CPU (s)': (c.pieceCpuMs as number) / 1000,
    };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

const self = process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1]);
if (self && process.argv[2] === '--child') await child(process.argv[3]!, process.argv[4]!);
else if (self) console.log(await benchStoriesAnalysis());
