/**
 * Roles a file plays by convention across ecosystems: README, docs, tests, CI, entry points.
 * Paths are relative with `/` separators; matching is case-insensitive.
 */
import { extOf } from './rules';

export type Role = 'readme' | 'docs' | 'test' | 'ci' | 'entry' | 'manifest' | 'config' | 'source';

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1).toLowerCase();
const segments = (p: string) => p.toLowerCase().split('/');

export const isReadme = (p: string): boolean => /^readme(\.[\w-]+)?$/.test(base(p));

const DOC_NAMES = /^(contributing|changelog|changes|history|architecture|design|security|code_of_conduct|authors|faq|guide|usage)(\.[\w-]+)?$/;
const DOC_DIRS = new Set(['docs', 'doc', 'documentation', 'wiki', 'guides', 'manual', 'website']);
const PROSE_EXT = new Set(['md', 'mdx', 'rst', 'adoc', 'asciidoc', 'txt', 'org', 'markdown']);

export function isDocs(p: string): boolean {
  const segs = segments(p);
  const name = segs[segs.length - 1]!;
  if (isReadme(p) || DOC_NAMES.test(name)) return true;
  return PROSE_EXT.has(extOf(name)) && segs.slice(0, -1).some((s) => DOC_DIRS.has(s));
}

const TEST_DIRS = new Set(['test', 'tests', '__tests__', 'spec', 'specs', 'testing', 'e2e', 'integration_tests', 'testdata', 'fixtures', '__mocks__']);
const TEST_NAME = [/\.(test|spec)\.\w+$/, /^test_.*\.py$/, /_test\.(py|go|rb|exs?|dart)$/, /(Test|Tests|Spec|IT)\.(java|kt|scala|cs)$/i, /_spec\.rb$/, /^conftest\.py$/];

export function isTest(p: string): boolean {
  const segs = p.split('/');
  const name = segs[segs.length - 1]!;
  return TEST_NAME.some((re) => re.test(name)) || segs.slice(0, -1).some((s) => TEST_DIRS.has(s.toLowerCase()));
}

export function isCi(p: string): boolean {
  const l = p.toLowerCase();
  return (
    /^\.github\/workflows\/[^/]+\.ya?ml$/.test(l) ||
    /^\.github\/actions\//.test(l) ||
    l === '.gitlab-ci.yml' ||
    /^\.circleci\//.test(l) ||
    l === '.travis.yml' ||
    l === 'azure-pipelines.yml' ||
    l === 'bitbucket-pipelines.yml' ||
    l === 'appveyor.yml' ||
    /^\.buildkite\//.test(l) ||
    /^\.drone\.ya?ml$/.test(l) ||
    /^\.woodpecker/.test(l) ||
    base(l) === 'jenkinsfile'
  );
}

const CONFIG_NAMES = /^(\.?[\w-]+rc(\.\w+)?|[\w.-]*config\.(js|cjs|mjs|ts|json|ya?ml|toml)|tsconfig[\w.-]*\.json|dockerfile(\.\w+)?|docker-compose[\w.-]*\.ya?ml|compose\.ya?ml|makefile|\.editorconfig|\.gitattributes|\.gitignore|setup\.cfg|tox\.ini|\.env\.example)$/;
export const isConfig = (p: string): boolean => CONFIG_NAMES.test(base(p));

/** Entry points by name, where each ecosystem puts them (manifests add their own). */
const ENTRY_NAMES = new Set([
  'main.go', 'main.rs', 'lib.rs', 'main.py', '__main__.py', 'app.py', 'manage.py', 'wsgi.py', 'asgi.py', 'cli.py',
  'index.ts', 'index.tsx', 'index.js', 'index.mjs', 'main.ts', 'main.tsx', 'main.js', 'app.ts', 'app.tsx', 'app.js',
  'server.ts', 'server.js', 'cli.ts', 'cli.js', 'main.c', 'main.cpp', 'main.cc', 'main.swift', 'program.cs',
  'main.kt', 'application.java', 'main.java', 'main.dart', 'main.rb', 'app.rb', 'index.php', 'main.zig', 'mix.exs',
]);
/** Where a conventional entry name counts: the root, the source folders, or a Go/Rust binary folder. */
const ENTRY_PARENTS = /^((src|lib|app|source|pkg|server|cli)\/)?$|^(cmd\/[^/]+\/|src\/bin\/|bin\/)$/;

export function isConventionalEntry(p: string): boolean {
  const name = base(p);
  if (!ENTRY_NAMES.has(name)) return false;
  const dir = p.slice(0, p.length - name.length).toLowerCase();
  if (ENTRY_PARENTS.test(dir)) return true;
  // A package one level down (monorepos: packages/x/src/index.ts, apps/web/main.ts).
  return /^(packages|apps|services|crates|libs|modules)\/[^/]+\/((src|lib|app)\/)?$/.test(dir);
}

/** A program's own `main`, by what the file says (Go, Python, Java/Kotlin, C/C++, C#). */
const MAIN_DECL: Record<string, RegExp> = {
  go: /^package main\b[\s\S]*^func main\(\)/m,
  py: /^if __name__ == ['"]__main__['"]\s*:/m,
  java: /\bpublic\s+static\s+void\s+main\s*\(/,
  kt: /^fun main\(/m,
  c: /^int\s+main\s*\(/m,
  cc: /^int\s+main\s*\(/m,
  cpp: /^int\s+main\s*\(/m,
  cs: /\bstatic\s+(async\s+)?(void|int|Task)\s+Main\s*\(/,
};

export function declaresMain(p: string, text: string): boolean {
  const re = MAIN_DECL[extOf(p)];
  return re !== undefined && re.test(text);
}

/** Python console scripts (`pkg.module:func`) → the files that may hold them, under `dir`. */
export function pythonScriptFiles(dir: string, script: string): string[] {
  const mod = script.split(':')[0]!.trim().replaceAll('.', '/');
  if (!mod) return [];
  return ['', 'src/'].flatMap((r) => [`${dir}${r}${mod}.py`, `${dir}${r}${mod}/__init__.py`, `${dir}${r}${mod}/__main__.py`]);
}
