/**
 * What the writers know of a repository: a compact, storable digest of the analysis (the job keeps
 * it as the source step's output, so every later step — and a resumed job — reads it without
 * walking the tree again), plus what each chapter's key files declare and say about themselves.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { RepoMetadata } from '../../../contract/stories';
import type { Analysis } from '../analysis/analyze';

export interface FileFact {
  path: string;
  language: string;
  lines: number;
  /** How many files of the repository import it. */
  usedBy: number;
  /** Exported / top-level names it declares, in order. */
  declares: Array<{ kind: 'function' | 'class' | 'type' | 'value'; name: string }>;
  /** The first sentence of its leading comment or docstring. */
  says: string | null;
  /** Files of this repository it imports (paths). */
  imports: string[];
}

export interface ChapterFact {
  kind: 'overview' | 'entry' | 'module' | 'tests' | 'build';
  title: string;
  module: string | null;
  files: number;
  lines: number;
  keyFiles: FileFact[];
}

export interface RepoFacts {
  name: string;
  label: string;
  description: string | null;
  stars: number | null;
  topics: string[];
  contributors: string[];
  totals: Analysis['totals'];
  languages: Array<{ name: string; share: number; files: number }>;
  dependencies: Array<{ name: string; ecosystem: string; dev: boolean }>;
  manifests: Array<{ path: string; ecosystem: string; name: string | null }>;
  readme: string | null;
  entryPoints: string[];
  tests: number;
  testExamples: string[];
  ci: string[];
  docs: string[];
  complexity: Analysis['complexity'];
  chapters: ChapterFact[];
  skipped: number;
}

const README_CHARS = 1500;
/** Files per chapter the writers may talk about: the analysis's key files, then the most used. */
const FILES_PER_CHAPTER = 12;

const DECLARES: Array<{ ext: RegExp; re: RegExp; kind: (m: RegExpMatchArray) => FileFact['declares'][number]['kind'] }> = [
  { ext: /\.(m|c)?[jt]sx?$/, re: /^export\s+(?:default\s+)?(?:async\s+)?(function\*?|class|interface|type|enum|const|let)\s+([A-Za-z_$][\w$]*)/gm, kind: (m) => kindOf(m[1]!) },
  { ext: /\.py$/, re: /^(def|class|async def)\s+([A-Za-z_]\w*)/gm, kind: (m) => (m[1] === 'class' ? 'class' : 'function') },
  { ext: /\.go$/, re: /^(func|type)\s+(?:\([^)]*\)\s*)?([A-Z]\w*)/gm, kind: (m) => (m[1] === 'type' ? 'type' : 'function') },
  { ext: /\.rs$/, re: /^\s*pub\s+(fn|struct|enum|trait|mod|const)\s+([A-Za-z_]\w*)/gm, kind: (m) => (m[1] === 'fn' ? 'function' : m[1] === 'const' ? 'value' : 'type') },
  { ext: /\.(java|kt|scala)$/, re: /^\s*(?:public\s+)?(?:final\s+|abstract\s+)?(class|interface|enum|record|object|fun)\s+([A-Za-z_]\w*)/gm, kind: (m) => (m[1] === 'fun' ? 'function' : 'class') },
];

function kindOf(word: string): FileFact['declares'][number]['kind'] {
  if (word.startsWith('function')) return 'function';
  if (word === 'class') return 'class';
  if (word === 'const' || word === 'let') return 'value';
  return 'type';
}

/** The first sentence of a file's leading comment, docstring or a doc comment before its first declaration. */
function leadingComment(text: string): string | null {
  const m = /\/\*\*?\s*([\s\S]*?)\*\//.exec(text.slice(0, 4000)) ?? /^\s*(?:#|\/\/)\s*(.+)$/m.exec(text.slice(0, 2000)) ?? /^\s*(?:"""|''')\s*([\s\S]*?)(?:"""|''')/m.exec(text.slice(0, 3000));
  if (!m?.[1]) return null;
  const clean = m[1].replace(/^\s*\*\s?/gm, '').replace(/@\w+.*$/gm, '').replace(/\s+/g, ' ').trim();
  if (clean.length < 8 || /^(eslint|@ts-|prettier|!\/usr|-\*-|type:|Code generated)/i.test(clean)) return null;
  const sentence = /^(.{8,240}?[.!?])(\s|$)/.exec(clean)?.[1] ?? clean.slice(0, 200);
  return sentence;
}

function fileFact(root: string, a: Analysis, p: string, importsOf: Map<string, string[]>): FileFact {
  const f = a.files.find((x) => x.path === p)!;
  let text = '';
  try {
    text = fs.readFileSync(path.join(root, p), 'utf8').slice(0, 200_000);
  } catch {
    // vanished since the walk: named without details
  }
  const declares: FileFact['declares'] = [];
  for (const d of DECLARES) {
    if (!d.ext.test(p)) continue;
    for (const m of text.matchAll(d.re)) {
      if (declares.length >= 12) break;
      if (!declares.some((x) => x.name === m[2])) declares.push({ kind: d.kind(m), name: m[2]! });
    }
  }
  return { path: p, language: f.language, lines: f.lines, usedBy: f.inDegree, declares, says: leadingComment(text), imports: importsOf.get(p) ?? [] };
}

/** Which key files import which other key files (by file name stem, enough for sentences). */
function localImports(root: string, files: string[]): Map<string, string[]> {
  const stems = new Map(files.map((f) => [f.replace(/\.[^./]+$/, ''), f]));
  const out = new Map<string, string[]>();
  for (const f of files) {
    let text = '';
    try {
      text = fs.readFileSync(path.join(root, f), 'utf8').slice(0, 100_000);
    } catch {
      continue;
    }
    const dir = path.posix.dirname(f);
    const found: string[] = [];
    for (const m of text.matchAll(/(?:from|import|require\()\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const target = stems.get(path.posix.normalize(path.posix.join(dir, m[1]!)).replace(/\.[^./]+$/, '')) ?? stems.get(path.posix.normalize(path.posix.join(dir, m[1]!, 'index')));
      if (target && target !== f && !found.includes(target)) found.push(target);
    }
    out.set(f, found);
  }
  return out;
}

export function repoFacts(a: Analysis, o: { label: string; metadata: RepoMetadata | null; name?: string }): RepoFacts {
  const byPath = new Map(a.files.map((f) => [f.path, f]));
  const talkedAbout = (c: Analysis['chapters'][number]) => {
    const rest = c.paths.filter((p) => !c.keyFiles.includes(p)).map((p) => byPath.get(p)!).filter(Boolean);
    rest.sort((x, y) => y.inDegree - x.inDegree || y.tokens - x.tokens || x.path.localeCompare(y.path));
    return [...c.keyFiles, ...rest.map((f) => f.path)].slice(0, FILES_PER_CHAPTER);
  };
  const keyPaths = [...new Set(a.chapters.flatMap(talkedAbout))];
  const imports = localImports(a.root, keyPaths);
  const facts = new Map(keyPaths.map((p) => [p, fileFact(a.root, a, p, imports)]));
  let readme: string | null = null;
  if (a.readme) {
    try {
      readme = fs.readFileSync(path.join(a.root, a.readme), 'utf8').slice(0, README_CHARS);
    } catch {
      readme = null;
    }
  }
  const depsKind = (kinds: string[]) => kinds.every((k) => k === 'dev' || k === 'build');
  // What the project calls itself: GitHub's name, the README's title, else the folder's name.
  const heading = readme ? /^#\s+([^\n#]{1,60})$/m.exec(readme)?.[1]?.trim() : undefined;
  const name = o.name ?? o.metadata?.name ?? heading ?? (o.label.split(/[\\/]/).filter(Boolean).pop() ?? o.label).replace(/\.git$/, '');
  return {
    name,
    label: o.label,
    description: o.metadata?.description ?? null,
    stars: o.metadata?.stars ?? null,
    topics: o.metadata?.topics ?? [],
    contributors: (o.metadata?.contributors ?? []).slice(0, 5).map((c) => c.login),
    totals: a.totals,
    languages: a.languages.slice(0, 8).map((l) => ({ name: l.name, share: l.share, files: l.files })),
    dependencies: a.dependencies.slice(0, 60).map((d) => ({ name: d.name, ecosystem: d.ecosystem, dev: depsKind(d.kinds) })),
    manifests: a.manifests.slice(0, 20).map((m) => ({ path: m.path, ecosystem: m.ecosystem, name: m.name })),
    readme,
    entryPoints: a.entryPoints.slice(0, 12),
    tests: a.tests.length,
    testExamples: a.tests.slice(0, 6),
    ci: a.ci.slice(0, 6),
    docs: a.docs.slice(0, 8),
    complexity: a.complexity,
    chapters: a.chapters.map((c) => ({ kind: c.kind, title: c.title, module: c.module, files: c.paths.length, lines: c.lines, keyFiles: talkedAbout(c).map((p) => facts.get(p)!).filter(Boolean) })),
    skipped: Object.values(a.skipped).reduce((s, n) => s + n, 0),
  };
}
