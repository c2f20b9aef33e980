import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourceError } from '../source/errors';
import { fixtureFiles, writeFiles } from '../source/testing';
import { analyze, type Analysis } from './analyze';
import { countTokens } from './tokens';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'koru-analysis-'));
let a: Analysis;
const paths = () => a.files.map((f) => f.path);
const file = (p: string) => a.files.find((f) => f.path === p)!;

beforeAll(async () => {
  const dir = path.join(work, 'atlas');
  writeFiles(dir, fixtureFiles());
  writeFiles(dir, { 'node_modules/left-pad/index.js': 'module.exports = 1;\n', 'vendor/lib.go': 'package lib\n' });
  a = await analyze(dir);
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('the walk', () => {
  it('honours .gitignore (with negation) and drops binaries, vendored, generated and lock files', () => {
    expect(paths()).not.toContain('debug.log');
    expect(paths()).not.toContain('secrets/token.txt');
    expect(paths()).toContain('keep.log'); // `!keep.log`
    expect(paths()).not.toContain('assets/logo.png');
    expect(paths()).not.toContain('package-lock.json');
    expect(paths()).not.toContain('dist/bundle.js');
    expect(paths()).not.toContain('packages/core/src/generated.pb.go');
    expect(paths().some((p) => p.startsWith('node_modules/') || p.startsWith('vendor/'))).toBe(false);
    expect(a.skipped).toMatchObject({ ignored: 2, binary: 1, lock: 1, vendored: 2, generated: 2 });
    expect(a.skippedExamples.lock).toEqual(['package-lock.json']);
  });

  it('counts tokens and lines per file, exactly', () => {
    const router = file('packages/core/src/router.ts');
    const text = fixtureFiles()['packages/core/src/router.ts'] as string;
    expect(router.tokens).toBe(countTokens(text));
    expect(router.lines).toBe(text.split('\n').length - 1);
    expect(router.language).toBe('TypeScript');
    expect(a.totals.tokens).toBe(a.files.reduce((s, f) => s + f.tokens, 0));
  });

  it('languages by share of lines of code (data and prose do not count)', () => {
    const names = a.languages.map((l) => l.name);
    expect(names).toEqual(expect.arrayContaining(['TypeScript', 'Python', 'Rust', 'Go']));
    expect(names).not.toContain('Markdown');
    expect(names).not.toContain('JSON');
    expect(a.languages[0]!.name).toBe('TypeScript');
    expect(a.languages.reduce((s, l) => s + l.share, 0)).toBeCloseTo(1, 9);
    const ts = a.languages.find((l) => l.name === 'TypeScript')!;
    expect(ts.share).toBeCloseTo(ts.lines / a.totals.codeLines, 9);
  });
});

describe('what the repository is made of', () => {
  it('dependencies of every manifest, nested packages included, workspace siblings not third-party', () => {
    const dep = (name: string) => a.dependencies.find((d) => d.name === name);
    expect(dep('zod')).toMatchObject({ ecosystem: 'npm', kinds: ['runtime'], manifests: ['packages/core/package.json'] });
    expect(dep('vitest')).toMatchObject({ kinds: ['dev'] });
    expect(dep('@atlas/core')).toBeUndefined();
    expect(dep('fastapi')).toMatchObject({ ecosystem: 'pypi', manifests: ['services/api/pyproject.toml', 'services/api/requirements.txt'] });
    expect(dep('uvicorn')).toBeDefined();
    expect(dep('pytest')).toMatchObject({ kinds: ['optional'] });
    expect(dep('serde')).toMatchObject({ ecosystem: 'cargo', kinds: ['runtime'] });
    expect(dep('proptest')).toMatchObject({ kinds: ['dev'] });
    expect(dep('github.com/spf13/cobra')).toMatchObject({ ecosystem: 'go' });
    expect(a.manifests.every((m) => m.error === null)).toBe(true);
  });

  it('entry points, tests, CI and docs by convention', () => {
    expect(a.entryPoints).toEqual(expect.arrayContaining(['packages/core/src/index.ts', 'packages/cli/src/main.ts', 'tools/gen/main.go', 'crates/geo/src/lib.rs', 'services/api/atlas_api/main.py']));
    expect(a.tests).toEqual(expect.arrayContaining(['packages/core/src/router.test.ts', 'services/api/tests/test_routes.py']));
    expect(a.tests).not.toContain('packages/core/src/router.ts');
    expect(a.ci).toEqual(['.github/workflows/ci.yml']);
    expect(a.docs).toEqual(expect.arrayContaining(['README.md', 'docs/architecture.md']));
    expect(a.readme).toBe('README.md');
  });

  it('centrality is the import in-degree, across languages', () => {
    expect(file('packages/core/src/match.ts').inDegree).toBe(2); // index.ts and router.ts
    expect(file('packages/core/src/types.ts').inDegree).toBe(2);
    expect(file('packages/core/src/router.ts').inDegree).toBe(2); // index.ts and the test
    expect(file('packages/core/src/index.ts').inDegree).toBe(1); // the cli
    expect(file('services/api/atlas_api/routes.py').inDegree).toBe(2); // main.py (relative) and the test (absolute)
    expect(file('crates/geo/src/point.rs').inDegree).toBe(1);
    expect(file('tools/gen/internal/names/names.go').inDegree).toBe(1);
    expect(file('README.md').inDegree).toBe(0);
  });

  it('a file tree, a complexity score and candidate chapters', () => {
    expect(a.tree.split('\n')[0]).toBe('.');
    expect(a.tree).toContain('├── packages/');
    expect(a.tree).not.toContain('debug.log');
    expect(a.complexity.score).toBeGreaterThan(0);
    expect(a.complexity.score).toBeLessThan(50); // a tiny repository
    expect(a.complexity.factors.languages).toBeGreaterThan(0);
    const kinds = a.chapters.map((c) => c.kind);
    expect(kinds[0]).toBe('overview');
    expect(kinds[1]).toBe('entry');
    expect(kinds).toContain('tests');
    expect(kinds).toContain('build');
    const core = a.chapters.find((c) => c.module === 'packages/core')!;
    expect(core.keyFiles.slice(0, 3)).toEqual(expect.arrayContaining(['packages/core/src/match.ts', 'packages/core/src/types.ts']));
    expect(core.paths).not.toContain('packages/core/src/router.test.ts');
  });
});

describe('sources with nothing to tell', () => {
  const problem = async (files: Record<string, string | Buffer>) => {
    const dir = fs.mkdtempSync(path.join(work, 'case-'));
    writeFiles(dir, files);
    try {
      await analyze(dir);
    } catch (err) {
      expect(err).toBeInstanceOf(SourceError);
      return (err as SourceError).problem;
    }
    return null;
  };

  it('empty, only ignored or vendored files, only binaries', async () => {
    expect(await problem({})).toBe('empty');
    expect(await problem({ '.gitignore': '*.txt\n', 'a.txt': 'x', 'node_modules/x/index.js': 'x' })).toBe('empty');
    expect(await problem({ 'a.png': Buffer.from([0x89, 0x50, 0, 1]), 'b.dat': Buffer.from([1, 2, 0, 3]), '.gitattributes': '* binary\n' })).toBe('binary_only');
    expect(await problem({ 'main.py': 'print(1)\n' })).toBeNull();
  });
});
