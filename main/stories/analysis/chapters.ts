/**
 * Candidate chapters: the order a person would explain a repository in — what it is (README,
 * manifests), how it starts (entry points), its main parts by weight (modules ranked by how much
 * the rest imports them, then size), how it is tested, how it is built and shipped. The script
 * writer picks, merges and titles them; the offline writer uses them as they are.
 */
import type { Analysis, FileInfo } from './analyze';

export type ChapterKind = 'overview' | 'entry' | 'module' | 'tests' | 'build';

export interface Chapter {
  id: string;
  kind: ChapterKind;
  title: string;
  /** The module folder, for `module` chapters. */
  module: string | null;
  paths: string[];
  /** The few files worth reading first: most imported, then largest. */
  keyFiles: string[];
  lines: number;
  tokens: number;
}

export const MAX_MODULE_CHAPTERS = 8;
const KEY_FILES = 5;
/** Folders that hold packages rather than being one: the module is one level further down. */
const CONTAINERS = new Set(['src', 'lib', 'app', 'packages', 'apps', 'services', 'crates', 'libs', 'modules', 'pkg', 'internal', 'cmd', 'source', 'sources', 'main', 'java', 'kotlin', 'python']);

/** The module a file belongs to: its first folder that is not a container ('' for the root). */
export function moduleOf(p: string): string {
  const parts = p.split('/').slice(0, -1);
  let i = 0;
  while (i < parts.length - 1 && CONTAINERS.has(parts[i]!.toLowerCase())) i++;
  return parts.slice(0, i + 1).join('/');
}

function chapter(kind: ChapterKind, title: string, files: FileInfo[], module: string | null = null): Chapter {
  const key = [...files].sort((a, b) => b.inDegree - a.inDegree || b.tokens - a.tokens || a.path.localeCompare(b.path));
  return {
    id: module === null ? kind : `${kind}:${module || '.'}`,
    kind,
    title,
    module,
    paths: files.map((f) => f.path),
    keyFiles: key.slice(0, KEY_FILES).map((f) => f.path),
    lines: files.reduce((s, f) => s + f.lines, 0),
    tokens: files.reduce((s, f) => s + f.tokens, 0),
  };
}

export function candidateChapters(a: Pick<Analysis, 'files'>): Chapter[] {
  const has = (f: FileInfo, ...roles: FileInfo['roles']) => roles.some((r) => f.roles.includes(r));
  const out: Chapter[] = [];
  const overview = a.files.filter((f) => has(f, 'readme', 'manifest') || (has(f, 'docs') && !f.path.includes('/')));
  if (overview.length > 0) out.push(chapter('overview', 'What it is', overview));
  const entries = a.files.filter((f) => has(f, 'entry') && !has(f, 'test'));
  if (entries.length > 0) out.push(chapter('entry', 'How it starts', entries));

  const modules = new Map<string, FileInfo[]>();
  for (const f of a.files) {
    if ((f.kind !== 'programming' && f.kind !== 'markup') || has(f, 'test', 'ci')) continue;
    const m = moduleOf(f.path);
    (modules.get(m) ?? modules.set(m, []).get(m)!).push(f);
  }
  const weight = (fs: FileInfo[]) => fs.reduce((s, f) => s + f.inDegree * 200 + f.tokens, 0);
  const ranked = [...modules.entries()].sort(([ma, a1], [mb, b1]) => weight(b1) - weight(a1) || ma.localeCompare(mb));
  const main = ranked.slice(0, MAX_MODULE_CHAPTERS);
  const rest = ranked.slice(MAX_MODULE_CHAPTERS).flatMap(([, fs]) => fs);
  for (const [m, fs] of main) out.push(chapter('module', m === '' ? 'The top-level code' : m, fs, m));
  if (rest.length > 0) out.push(chapter('module', 'Everything else', rest, '*'));

  const tests = a.files.filter((f) => has(f, 'test'));
  if (tests.length > 0) out.push(chapter('tests', 'How it is tested', tests));
  const build = a.files.filter((f) => has(f, 'ci', 'config'));
  if (build.length > 0) out.push(chapter('build', 'How it is built and shipped', build));
  return out;
}
