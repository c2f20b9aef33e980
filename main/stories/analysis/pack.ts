/**
 * Packing a repository into one prompt under a token budget, in priority order: the README,
 * the manifests, the entry points, the files the focus areas match (by path, then by how often
 * their text mentions them), then everything else by centrality (import in-degree). Only files
 * the analysis kept can be packed, so ignored, vendored, generated, lock and binary files never
 * reach a prompt. The budget is never exceeded: each block is counted as it is added and the
 * assembled text is counted again (BPE can merge across a join), dropping the last file until
 * it fits.
 */
import fs, { promises as fsp } from 'node:fs';
import { setImmediate as yieldLoop } from 'node:timers/promises';
import path from 'node:path';
import type { Analysis, FileInfo } from './analyze';
import { countTokens, fitsIn } from './tokens';

export type PackReason = 'readme' | 'manifest' | 'entry' | 'focus' | 'central';

export interface PackedFile {
  path: string;
  tokens: number;
  reason: PackReason;
}

export interface Pack {
  text: string;
  /** Counted on `text` itself. */
  tokens: number;
  budget: number;
  files: PackedFile[];
  /** Kept files that did not fit. */
  omitted: number;
  /** Lines of the file tree that fitted (0: none; the whole tree when equal to its length). */
  treeLines: number;
}

export interface PackOptions {
  budget: number;
  focus?: string[];
  /** The repository's name in the heading. */
  title?: string;
  signal?: AbortSignal;
}

/** The tree takes at most this share of the budget. */
const TREE_SHARE = 0.1;
const STOP = new Set(['the', 'and', 'for', 'how', 'what', 'this', 'that', 'with', 'system', 'code', 'works', 'work']);

/** Focus areas → lowercase terms worth matching ("the routing system" → routing). */
export function focusTerms(focus: string[]): string[] {
  const terms = focus.flatMap((f) => f.toLowerCase().split(/[^\p{L}\p{N}_-]+/u)).filter((t) => t.length >= 3 && !STOP.has(t));
  return [...new Set(terms)];
}

function fenceFor(content: string): string {
  let longest = 0;
  for (const m of content.matchAll(/`{3,}/g)) longest = Math.max(longest, m[0].length);
  return '`'.repeat(Math.max(3, longest + 1));
}

export function fileBlock(f: Pick<FileInfo, 'path' | 'fence'>, content: string): string {
  const fence = fenceFor(content);
  return `\n## ${f.path}\n\n${fence}${f.fence}\n${content}${content.endsWith('\n') ? '' : '\n'}${fence}\n`;
}

export async function pack(a: Analysis, opts: PackOptions): Promise<Pack> {
  const budget = Math.floor(opts.budget);
  const read = (f: FileInfo) => fsp.readFile(path.join(a.root, f.path), 'utf8');
  const order = await priority(a, focusTerms(opts.focus ?? []), read, opts.signal);

  const heading = `# ${opts.title ?? path.basename(a.root)}\n\n${a.files.length} files, ${a.totals.codeLines} lines of code${a.languages.length ? ` (${a.languages.slice(0, 3).map((l) => `${l.name} ${Math.round(l.share * 100)}%`).join(', ')})` : ''}.\n`;
  const parts: string[] = [];
  let used = 0;
  if (fitsIn(heading, budget)) {
    parts.push(heading);
    used = countTokens(heading);
  }
  // The tree, cut to its share of the budget.
  const treeLines = a.tree.split('\n');
  let shown = 0;
  if (parts.length > 0) {
    const room = Math.floor(budget * TREE_SHARE);
    const treeText = (n: number) => `\n## Files\n\n\`\`\`text\n${treeLines.slice(0, n).join('\n')}${n < treeLines.length ? '\n…' : ''}\n\`\`\`\n`;
    let lo = 0;
    let hi = treeLines.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (fitsIn(treeText(mid), room)) lo = mid;
      else hi = mid - 1;
    }
    if (lo > 0) {
      const t = treeText(lo);
      parts.push(t);
      used += countTokens(t);
      shown = lo;
    }
  }

  const packed: Array<PackedFile & { block: string }> = [];
  let omitted = 0;
  for (const { file, reason } of order) {
    opts.signal?.throwIfAborted();
    // A file alone larger than what is left cannot fit: skip it without reading.
    if (file.tokens > budget - used) {
      omitted++;
      continue;
    }
    let content: string;
    try {
      content = await read(file);
    } catch {
      omitted++;
      continue;
    }
    const block = fileBlock(file, content);
    const t = countTokens(block);
    if (used + t > budget) {
      omitted++;
      continue;
    }
    used += t;
    packed.push({ path: file.path, tokens: t, reason, block });
  }

  // Count what is actually sent; a join can tokenize differently from its parts.
  let text = parts.join('') + packed.map((p) => p.block).join('');
  let tokens = countTokens(text);
  while (tokens > budget && packed.length > 0) {
    packed.pop();
    omitted++;
    text = parts.join('') + packed.map((p) => p.block).join('');
    tokens = countTokens(text);
  }
  if (tokens > budget) {
    text = '';
    tokens = 0;
    shown = 0;
  }
  return { text, tokens, budget, files: packed.map(({ block: _b, ...f }) => f), omitted, treeLines: shown };
}

async function priority(
  a: Analysis,
  terms: string[],
  read: (f: FileInfo) => Promise<string>,
  signal?: AbortSignal,
): Promise<Array<{ file: FileInfo; reason: PackReason }>> {
  const out: Array<{ file: FileInfo; reason: PackReason }> = [];
  const taken = new Set<string>();
  const take = (fs: FileInfo[], reason: PackReason) => {
    for (const f of fs) {
      if (taken.has(f.path)) continue;
      taken.add(f.path);
      out.push({ file: f, reason });
    }
  };
  const depth = (f: FileInfo) => f.path.split('/').length;
  const byDepth = (x: FileInfo, y: FileInfo) => depth(x) - depth(y) || x.path.localeCompare(y.path);
  const has = (f: FileInfo, r: FileInfo['roles'][number]) => f.roles.includes(r);

  const readme = a.readme ? a.files.find((f) => f.path === a.readme) : undefined;
  if (readme) take([readme], 'readme');
  take(a.files.filter((f) => has(f, 'manifest')).sort(byDepth), 'manifest');
  take(a.files.filter((f) => has(f, 'entry') && !has(f, 'test')).sort((x, y) => y.inDegree - x.inDegree || byDepth(x, y)), 'entry');

  if (terms.length > 0) {
    const lower = (f: FileInfo) => f.path.toLowerCase();
    take(a.files.filter((f) => terms.some((t) => lower(f).includes(t))).sort((x, y) => y.inDegree - x.inDegree || byDepth(x, y)), 'focus');
    // Every other file's text, searched once for all terms (synchronous reads in slices, as the
    // analysis does: thousands of small files).
    const mentions: Array<[FileInfo, number]> = [];
    const any = new RegExp(terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gi');
    let seen = 0;
    for (const f of a.files) {
      if (taken.has(f.path)) continue;
      if (++seen % 64 === 0) await yieldLoop();
      signal?.throwIfAborted();
      let text: string;
      try {
        text = fs.readFileSync(path.join(a.root, f.path), 'utf8');
      } catch {
        continue;
      }
      const n = text.match(any)?.length ?? 0;
      if (n > 0) mentions.push([f, n]);
    }
    take(mentions.sort(([x, nx], [y, ny]) => ny - nx || x.path.localeCompare(y.path)).map(([f]) => f), 'focus');
  }

  // The rest: most imported first; among equals, source before tests, docs and config, and
  // smaller files first (more of the repository fits).
  const secondary = (f: FileInfo) => (has(f, 'test') || has(f, 'docs') || has(f, 'config') || has(f, 'ci') ? 1 : 0);
  take(
    a.files
      .filter((f) => !taken.has(f.path))
      .sort((x, y) => y.inDegree - x.inDegree || secondary(x) - secondary(y) || x.tokens - y.tokens || x.path.localeCompare(y.path)),
    'central',
  );
  return out;
}
