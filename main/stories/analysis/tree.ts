/**
 * The file tree as text (the `tree` command's drawing), small enough for a prompt: when the
 * whole tree is longer than `maxLines`, folders deeper than the deepest level that fits are
 * shown folded ("name/ (12 files)"), and long folders list their first entries and a count.
 */

interface Dir {
  dirs: Map<string, Dir>;
  files: string[];
  count: number; // files below, at any depth
}

const newDir = (): Dir => ({ dirs: new Map(), files: [], count: 0 });
export const TREE_MAX_LINES = 400;
const MAX_CHILDREN = 40;

export function buildTree(paths: string[]): Dir {
  const root = newDir();
  for (const p of paths) {
    const parts = p.split('/');
    let d = root;
    d.count++;
    for (const seg of parts.slice(0, -1)) {
      let next = d.dirs.get(seg);
      if (!next) d.dirs.set(seg, (next = newDir()));
      d = next;
      d.count++;
    }
    d.files.push(parts[parts.length - 1]!);
  }
  return root;
}

function render(root: Dir, maxDepth: number): string[] {
  const lines: string[] = [];
  const walk = (d: Dir, prefix: string, depth: number) => {
    const entries: Array<[string, Dir | null]> = [
      ...[...d.dirs.entries()].sort(([a], [b]) => a.localeCompare(b)),
      ...[...d.files].sort((a, b) => a.localeCompare(b)).map((f) => [f, null] as [string, null]),
    ];
    const shown = entries.slice(0, MAX_CHILDREN);
    const hidden = entries.length - shown.length;
    shown.forEach(([name, sub], i) => {
      const last = i === shown.length - 1 && hidden === 0;
      const branch = last ? '└── ' : '├── ';
      if (!sub) lines.push(`${prefix}${branch}${name}`);
      else if (depth + 1 >= maxDepth) lines.push(`${prefix}${branch}${name}/ (${sub.count} file${sub.count === 1 ? '' : 's'})`);
      else {
        lines.push(`${prefix}${branch}${name}/`);
        walk(sub, prefix + (last ? '    ' : '│   '), depth + 1);
      }
    });
    if (hidden > 0) lines.push(`${prefix}└── … ${hidden} more`);
  };
  walk(root, '', 0);
  return lines;
}

export function drawTree(paths: string[], maxLines = TREE_MAX_LINES): string {
  const root = buildTree(paths);
  let depth = 64;
  let lines = render(root, depth);
  while (lines.length > maxLines && depth > 1) {
    depth = Math.min(depth - 1, maxDepthOf(root));
    lines = render(root, depth);
  }
  return ['.', ...lines.slice(0, maxLines)].join('\n');
}

function maxDepthOf(d: Dir): number {
  let m = 0;
  for (const sub of d.dirs.values()) m = Math.max(m, 1 + maxDepthOf(sub));
  return m;
}

/** Deepest folder nesting (a file at the root is depth 0). */
export const treeDepth = (paths: string[]): number => paths.reduce((m, p) => Math.max(m, p.split('/').length - 1), 0);
