/**
 * Analysis of a folder, no LLM: which files count, their tokens and languages, dependencies,
 * entry points, tests, CI and docs, the import graph, a file tree, a complexity score and
 * candidate chapters. Each file is read once (file.ts) and only its figures are kept (a
 * 20,000-file repository stays small in memory); the reading and counting may run on the analysis
 * thread (thread.ts), with the same result; packing reads the chosen files again.
 */
import path from 'node:path';
import { SOURCE_MAX_BYTES, SOURCE_MAX_FILES } from '../../../contract/stories';
import { SourceError, tooLargeBytes, tooManyFiles } from '../source/errors';
import { candidateChapters, type Chapter } from './chapters';
import { complexityOf, type Complexity } from './complexity';
import { pythonScriptFiles, type Role } from './conventions';
import type { FileFigures, FileReader } from './file';
import { inDegrees, type ImportSpec } from './imports';
import type { Ecosystem, Manifest } from './manifests';
import { MAX_FILE_BYTES, type SkipReason } from './rules';
import { drawTree } from './tree';
import { walk } from './walk';

export interface FileInfo extends FileFigures {
  /** How many files of this repository import it. */
  inDegree: number;
}

export interface LanguageShare {
  name: string;
  lines: number;
  files: number;
  /** Of the lines of code (programming and markup languages), 0–1. */
  share: number;
}

export interface DependencySummary {
  name: string;
  ecosystem: Ecosystem;
  kinds: string[];
  /** The manifests that list it. */
  manifests: string[];
}

export interface Analysis {
  root: string;
  /** Kept files, sorted by path. */
  files: FileInfo[];
  skipped: Record<SkipReason, number>;
  skippedExamples: Partial<Record<SkipReason, string[]>>;
  totals: { files: number; bytes: number; lines: number; codeLines: number; tokens: number };
  languages: LanguageShare[];
  manifests: Manifest[];
  dependencies: DependencySummary[];
  readme: string | null;
  entryPoints: string[];
  tests: string[];
  ci: string[];
  docs: string[];
  tree: string;
  complexity: Complexity;
  chapters: Chapter[];
}

export interface AnalyzeOptions {
  signal?: AbortSignal;
  /** Called now and then with files read so far (for progress). */
  onProgress?: (done: number, total: number) => void;
  /** How the root is named in messages ("The folder /x", "github.com/a/b"). */
  label?: string;
  /** Who reads and counts the files: this thread (the default) or the analysis thread. */
  reader?: FileReader;
}

const GIT_BOOKKEEPING = /^\.(gitignore|gitattributes|gitmodules|gitkeep|keep)$/;

export async function analyze(root: string, opts: AnalyzeOptions = {}): Promise<Analysis> {
  const label = opts.label ?? `The folder ${root}`;
  const walked = await walk(root, { signal: opts.signal });
  const skipped = walked.skipped;
  const examples = walked.examples;
  const note = (reason: SkipReason, p: string) => {
    skipped[reason]++;
    const list = (examples[reason] ??= []);
    if (list.length < 20) list.push(p);
  };

  const candidates = walked.files.filter((f) => {
    if (f.size <= MAX_FILE_BYTES) return true;
    note('large', f.path);
    return false;
  });
  if (candidates.length > SOURCE_MAX_FILES) throw tooManyFiles(label);
  const bytes = candidates.reduce((s, f) => s + f.size, 0);
  if (bytes > SOURCE_MAX_BYTES) throw tooLargeBytes(label);

  const files: FileInfo[] = [];
  const imports = new Map<string, ImportSpec[]>();
  const manifests: Manifest[] = [];
  const reader = opts.reader ?? (await import('./file')).readHere;
  const results = await reader(root, candidates, { ...(opts.signal ? { signal: opts.signal } : {}), onProgress: (done) => opts.onProgress?.(done, candidates.length) });
  opts.signal?.throwIfAborted();
  // In the walk's order, whichever thread read them: the same analysis either way.
  for (const r of results) {
    if ('gone' in r) continue;
    if ('skipped' in r) {
      note(r.skipped, r.path);
      continue;
    }
    files.push({ ...r.kept, inDegree: 0 });
    if (r.imports.length > 0) imports.set(r.kept.path, r.imports);
    if (r.manifest) manifests.push(r.manifest);
  }

  // Git's own bookkeeping files alone do not make a repository readable.
  if (!files.some((f) => !GIT_BOOKKEEPING.test(f.path.slice(f.path.lastIndexOf('/') + 1)))) {
    if (skipped.binary > 0 && Object.entries(skipped).every(([k, n]) => k === 'binary' || k === 'ignored' || n === 0))
      throw new SourceError('binary_only', `${label} holds only binary files (${skipped.binary}) — a code story needs source code to read`, { binaryFiles: skipped.binary });
    throw new SourceError('empty', `${label} has no files to read${Object.values(skipped).some((n) => n > 0) ? ' once ignored, vendored, generated and lock files are left out' : ''}`);
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  manifests.sort((a, b) => a.path.localeCompare(b.path));

  // Entry points the manifests declare.
  const byPath = new Map(files.map((f) => [f.path, f]));
  for (const m of manifests) {
    const dir = m.path.includes('/') ? m.path.slice(0, m.path.lastIndexOf('/') + 1) : '';
    for (const e of m.entryPoints) {
      const candidates = m.ecosystem === 'pypi' ? pythonScriptFiles(dir, e) : [path.posix.normalize(dir + e)];
      const f = candidates.map((c) => byPath.get(c)).find((x) => x !== undefined);
      if (f && !f.roles.includes('entry')) f.roles.push('entry');
    }
  }
  const folderOf = (p: string) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');
  const goModules = new Map<string, string>();
  for (const m of manifests) if (m.ecosystem === 'go' && m.name) goModules.set(m.name, folderOf(m.path));
  const pythonRoots = [...new Set(manifests.filter((m) => m.ecosystem === 'pypi').map((m) => folderOf(m.path)))];
  const degree = inDegrees(imports, new Set(byPath.keys()), { go: goModules, python: pythonRoots });
  for (const [p, d] of degree) byPath.get(p)!.inDegree = d;

  const totals = { files: files.length, bytes: 0, lines: 0, codeLines: 0, tokens: 0 };
  const langs = new Map<string, { lines: number; files: number }>();
  for (const f of files) {
    totals.bytes += f.size;
    totals.lines += f.lines;
    totals.tokens += f.tokens;
    if (f.kind === 'programming' || f.kind === 'markup') {
      totals.codeLines += f.lines;
      const l = langs.get(f.language) ?? { lines: 0, files: 0 };
      l.lines += f.lines;
      l.files++;
      langs.set(f.language, l);
    }
  }
  const languages = [...langs.entries()]
    .map(([name, l]) => ({ name, ...l, share: totals.codeLines > 0 ? l.lines / totals.codeLines : 0 }))
    .sort((a, b) => b.lines - a.lines || a.name.localeCompare(b.name));

  const dependencies = summarizeDependencies(manifests);
  const withRole = (r: Role) => files.filter((f) => f.roles.includes(r)).map((f) => f.path);
  const readmes = withRole('readme').sort((a, b) => a.split('/').length - b.split('/').length || a.length - b.length);
  const analysis: Omit<Analysis, 'complexity' | 'chapters'> = {
    root,
    files,
    skipped,
    skippedExamples: examples,
    totals,
    languages,
    manifests,
    dependencies,
    readme: readmes[0] ?? null,
    entryPoints: withRole('entry'),
    tests: withRole('test'),
    ci: withRole('ci'),
    docs: withRole('docs'),
    tree: drawTree(files.map((f) => f.path)),
  };
  const complexity = complexityOf(analysis);
  return { ...analysis, complexity, chapters: candidateChapters(analysis) };
}

function summarizeDependencies(manifests: Manifest[]): DependencySummary[] {
  const map = new Map<string, DependencySummary>();
  for (const m of manifests) {
    for (const d of m.dependencies) {
      const key = `${m.ecosystem}:${d.name}`;
      const s = map.get(key) ?? { name: d.name, ecosystem: m.ecosystem, kinds: [], manifests: [] };
      if (!s.kinds.includes(d.kind)) s.kinds.push(d.kind);
      if (!s.manifests.includes(m.path)) s.manifests.push(m.path);
      map.set(key, s);
    }
  }
  // Packages of this repository that others in it depend on (workspaces) are not third-party.
  const own = new Set(manifests.map((m) => `${m.ecosystem}:${m.name}`));
  return [...map.entries()].filter(([k]) => !own.has(k)).map(([, v]) => v).sort((a, b) => a.name.localeCompare(b.name));
}
