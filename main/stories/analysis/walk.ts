/**
 * The tree walk: every file a story may read, honouring each folder's `.gitignore` the way git
 * does (rules of deeper files win; an ignored folder is not entered, so nothing inside it can be
 * re-included), and dropping vendored, generated and lock files by name before anything is read.
 */
import fs from 'node:fs';
import { setImmediate as yieldLoop } from 'node:timers/promises';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { dirSkip, nameSkip, type SkipReason } from './rules';

export interface Candidate {
  /** Relative to the root, with `/` separators. */
  path: string;
  size: number;
}

export interface WalkResult {
  files: Candidate[];
  /** How many files each rule dropped (folders count the files they held, as far as walked). */
  skipped: Record<SkipReason, number>;
  /** Skipped paths, for tests and the log: first few per reason. */
  examples: Partial<Record<SkipReason, string[]>>;
}

const EXAMPLES = 20;

interface Rules {
  base: string; // relative folder the .gitignore lives in ('' for the root)
  ig: Ignore;
}

export function emptySkips(): Record<SkipReason, number> {
  return { ignored: 0, binary: 0, vendored: 0, lock: 0, generated: 0, large: 0 };
}

export async function walk(root: string, opts: { signal?: AbortSignal } = {}): Promise<WalkResult> {
  const files: Candidate[] = [];
  const skipped = emptySkips();
  const examples: WalkResult['examples'] = {};
  const skip = (reason: SkipReason, rel: string) => {
    skipped[reason]++;
    const list = (examples[reason] ??= []);
    if (list.length < EXAMPLES) list.push(rel);
  };

  const isIgnored = (rules: Rules[], rel: string, dir: boolean): boolean => {
    let ignored = false;
    for (const r of rules) {
      const sub = r.base === '' ? rel : rel.slice(r.base.length + 1);
      const t = r.ig.test(dir ? `${sub}/` : sub);
      if (t.ignored) ignored = true;
      else if (t.unignored) ignored = false;
    }
    return ignored;
  };

  async function visit(rel: string, inherited: Rules[]): Promise<void> {
    opts.signal?.throwIfAborted();
    const abs = rel === '' ? root : path.join(root, rel);
    await yieldLoop(); // one folder at a time, synchronously (fast), the event loop in between
    const entries = fs.readdirSync(abs, { withFileTypes: true });
    let rules = inherited;
    if (entries.some((e) => e.name === '.gitignore' && e.isFile())) {
      let text = '';
      try {
        text = fs.readFileSync(path.join(abs, '.gitignore'), 'utf8');
      } catch {
        /* unreadable: no rules */
      }
      rules = [...inherited, { base: rel, ig: ignore().add(text) }];
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const dirs: string[] = [];

    for (const e of entries) {
      const child = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) {
        const why = dirSkip(e.name);
        if (why === 'hidden') continue;
        if (isIgnored(rules, child, true)) skip('ignored', `${child}/`);
        else if (why) skip(why, `${child}/`);
        else dirs.push(child);
      } else if (e.isFile()) {
        if (isIgnored(rules, child, false)) skip('ignored', child);
        else {
          const why = nameSkip(e.name);
          if (why) skip(why, child);
          else {
            const st = fs.statSync(path.join(abs, e.name), { throwIfNoEntry: false });
            if (st) files.push({ path: child, size: st.size });
          }
        }
      }
      // Symbolic links are not followed: they can point outside the repository or loop.
    }
    for (const d of dirs) await visit(d, rules);
  }

  await visit('', []);
  return { files, skipped, examples };
}
