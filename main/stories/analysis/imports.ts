/**
 * The import graph, as far as a regular expression per language can see it: enough to rank
 * files by how many others use them (in-degree = centrality). Only imports that resolve to a
 * file of this repository count; packages from a registry do not.
 */
import path from 'node:path';
import { extOf } from './rules';

export type ImportSpec = { kind: 'relative' | 'module'; spec: string };

const JS = /(?:^|[^\w.$])(?:import|export)\s[^'"`;]*?\sfrom\s*['"]([^'"]+)['"]|(?:^|[^\w.$])import\s*['"]([^'"]+)['"]|(?:^|[^\w.$])(?:require|import)\s*\(\s*['"]([^'"]+)['"]\s*\)/gm;
const PY = /^\s*from\s+(\.*[\w.]*)\s+import\s|^\s*import\s+([\w.]+(?:\s*,\s*[\w.]+)*)/gm;
const GO_BLOCK = /^import\s*\(([\s\S]*?)\)/gm;
const GO_ONE = /^import\s+(?:\w+\s+)?"([^"]+)"/gm;
const RUST = /^\s*(?:pub\s+)?mod\s+(\w+)\s*;|^\s*(?:pub\s+)?use\s+(crate|super|self)::([\w:]+)/gm;
const JAVA = /^\s*import\s+(?:static\s+)?([\w.]+)\s*;/gm;
const C_INC = /^\s*#\s*include\s*"([^"]+)"/gm;

const JS_EXT = new Set(['ts', 'tsx', 'mts', 'cts', 'js', 'jsx', 'mjs', 'cjs', 'vue', 'svelte']);

/** What a file imports, unresolved. */
export function importsOf(file: string, text: string): ImportSpec[] {
  const ext = extOf(file);
  const out: ImportSpec[] = [];
  const rel = (spec: string) => out.push({ kind: spec.startsWith('.') ? 'relative' : 'module', spec });
  if (JS_EXT.has(ext)) {
    for (const m of text.matchAll(JS)) rel(m[1] ?? m[2] ?? m[3]!);
  } else if (ext === 'py') {
    for (const m of text.matchAll(PY)) {
      if (m[1] !== undefined) out.push({ kind: m[1].startsWith('.') ? 'relative' : 'module', spec: m[1] });
      else for (const s of m[2]!.split(',')) out.push({ kind: 'module', spec: s.trim() });
    }
  } else if (ext === 'go') {
    for (const m of text.matchAll(GO_BLOCK)) for (const q of m[1]!.matchAll(/"([^"]+)"/g)) out.push({ kind: 'module', spec: q[1]! });
    for (const m of text.matchAll(GO_ONE)) out.push({ kind: 'module', spec: m[1]! });
  } else if (ext === 'rs') {
    for (const m of text.matchAll(RUST)) out.push(m[1] ? { kind: 'relative', spec: `mod:${m[1]}` } : { kind: 'module', spec: `${m[2]}::${m[3]}` });
  } else if (ext === 'java' || ext === 'kt' || ext === 'scala' || ext === 'groovy') {
    for (const m of text.matchAll(JAVA)) out.push({ kind: 'module', spec: m[1]! });
  } else if (['c', 'h', 'cc', 'cpp', 'cxx', 'hh', 'hpp', 'hxx', 'm', 'mm'].includes(ext)) {
    for (const m of text.matchAll(C_INC)) out.push({ kind: 'relative', spec: m[1]!.startsWith('.') ? m[1]! : `./${m[1]}` });
  }
  return out;
}

const JS_TRY = ['', '.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts', '.vue', '.svelte', '/index.ts', '/index.tsx', '/index.js', '/index.jsx', '/index.mjs'];

/**
 * Resolves every file's imports against the set of walked files; returns in-degree per path.
 * `roots.go`: module path → folder of its go.mod ('' for the root); `roots.python`: folders of
 * Python projects (pyproject.toml, requirements).
 */
export function inDegrees(
  imports: Map<string, ImportSpec[]>,
  files: Set<string>,
  roots: { go: Map<string, string>; python: string[] },
): Map<string, number> {
  const goModules = roots.go;
  const degree = new Map<string, number>();
  const bump = (target: string, from: string) => {
    if (target !== from && files.has(target)) degree.set(target, (degree.get(target) ?? 0) + 1);
  };
  // Folder → its files, for Go packages (an import names a folder).
  const byDir = new Map<string, string[]>();
  // Java-style suffix index: a/b/C.java → "a/b/C".
  const bySuffix = new Map<string, string>();
  for (const f of files) {
    const d = path.posix.dirname(f);
    (byDir.get(d) ?? byDir.set(d, []).get(d)!).push(f);
    const ext = extOf(f);
    if (ext === 'java' || ext === 'kt' || ext === 'scala' || ext === 'groovy') {
      const noExt = f.slice(0, -(ext.length + 1));
      const parts = noExt.split('/');
      for (let i = 0; i < parts.length; i++) bySuffix.set(parts.slice(i).join('.'), f);
    }
  }
  // Absolute Python imports resolve from the root and from each Python project's folder.
  const pyRoots = [...new Set(['', ...roots.python.flatMap((d) => (d === '' ? [] : [`${d}/`]))].flatMap((r) => [r, `${r}src/`, `${r}lib/`]))];

  for (const [from, specs] of imports) {
    const ext = extOf(from);
    const dir = path.posix.dirname(from) === '.' ? '' : path.posix.dirname(from);
    const seen = new Set<string>();
    const hit = (t: string | undefined) => {
      if (t && !seen.has(t)) {
        seen.add(t);
        bump(t, from);
      }
    };
    for (const { kind, spec } of specs) {
      if (JS_EXT.has(ext)) {
        if (kind !== 'relative') continue;
        const joined = path.posix.normalize(path.posix.join(dir, spec));
        // TypeScript's ESM style imports './x.js' for './x.ts'.
        const stem = joined.replace(/\.(m|c)?js$/, '');
        hit([...JS_TRY.map((e) => joined + e), ...JS_TRY.map((e) => stem + e)].find((c) => files.has(c)));
      } else if (ext === 'py') {
        let mod: string;
        let roots: string[];
        if (kind === 'relative') {
          const dots = /^\.+/.exec(spec)![0].length;
          let up = dir;
          for (let i = 1; i < dots; i++) up = path.posix.dirname(up) === '.' ? '' : path.posix.dirname(up);
          mod = spec.slice(dots).replaceAll('.', '/');
          roots = [up === '' ? '' : `${up}/`];
        } else {
          mod = spec.replaceAll('.', '/');
          roots = pyRoots;
        }
        for (const r of roots) {
          const b = `${r}${mod}`.replace(/\/$/, '');
          const t = [`${b}.py`, `${b}/__init__.py`].find((c) => files.has(c));
          if (t) {
            hit(t);
            break;
          }
        }
      } else if (ext === 'go') {
        for (const [mod, root] of goModules) {
          if (spec === mod || spec.startsWith(`${mod}/`)) {
            const sub = spec.slice(mod.length).replace(/^\//, '');
            const d = [root, sub].filter(Boolean).join('/') || '.';
            for (const t of byDir.get(d) ?? []) if (t.endsWith('.go') && !t.endsWith('_test.go')) hit(t);
          }
        }
      } else if (ext === 'rs') {
        if (spec.startsWith('mod:')) {
          const name = spec.slice(4);
          // `mod x;` in a/lib.rs, a/main.rs or a/mod.rs → a/x.rs; in a/y.rs → a/y/x.rs.
          const own = /(^|\/)(lib|main|mod)\.rs$/.test(from) ? dir : from.slice(0, -3);
          const b = own === '' ? name : `${own}/${name}`;
          hit([`${b}.rs`, `${b}/mod.rs`].find((c) => files.has(c)));
        } else if (spec.startsWith('crate::')) {
          const crateRoot = from.includes('src/') ? from.slice(0, from.lastIndexOf('src/') + 4) : '';
          const parts = spec.slice(7).split('::');
          for (let n = parts.length; n > 0; n--) {
            const b = crateRoot + parts.slice(0, n).join('/');
            const t = [`${b}.rs`, `${b}/mod.rs`].find((c) => files.has(c));
            if (t) {
              hit(t);
              break;
            }
          }
        }
      } else if (ext === 'java' || ext === 'kt' || ext === 'scala' || ext === 'groovy') {
        hit(bySuffix.get(spec));
      } else if (kind === 'relative') {
        hit(path.posix.normalize(path.posix.join(dir, spec)));
      }
    }
  }
  return degree;
}
