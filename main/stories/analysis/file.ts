/**
 * One file of the analysis: read once, judged by its bytes (binary, generated), then measured —
 * lines, tokens (counted, never estimated), language, roles, imports and, for a manifest, its
 * dependencies. The result is plain data, so it can come from this thread or from the analysis
 * thread (thread.ts) and mean the same.
 */
import { isAscii } from 'node:buffer';
import fs from 'node:fs';
import path from 'node:path';
import { setImmediate as yieldLoop } from 'node:timers/promises';
import { declaresMain, isCi, isConfig, isConventionalEntry, isDocs, isReadme, isTest, type Role } from './conventions';
import { importsOf, type ImportSpec } from './imports';
import { countsAsCode, languageOf, type LanguageKind } from './languages';
import { manifestKind, parseManifest, type Manifest } from './manifests';
import { contentSkip, MAX_FILE_BYTES, type SkipReason } from './rules';
import { countTokens } from './tokens';
import type { Candidate } from './walk';

/** A kept file's figures, before the import graph gives it an in-degree. */
export interface FileFigures {
  path: string;
  size: number;
  lines: number;
  tokens: number;
  language: string;
  kind: LanguageKind;
  /** Markdown fence tag for packing. */
  fence: string;
  roles: Role[];
}

export type FileResult =
  | { kept: FileFigures; imports: ImportSpec[]; manifest: Manifest | null }
  | { skipped: SkipReason; path: string }
  /** Vanished or unreadable since the walk: not part of the story. */
  | { gone: string };

/** Reads the files of a walk, in its order; the same results whichever thread does the work. */
export type FileReader = (root: string, files: Candidate[], o: { signal?: AbortSignal; onProgress?: (done: number) => void }) => Promise<FileResult[]>;

export function readFile(root: string, rel: string): FileResult {
  let buf: Buffer;
  try {
    buf = readBytes(path.join(root, rel));
  } catch {
    return { gone: rel };
  }
  return measure(rel, buf);
}

/** A file's verdict and figures from its bytes. */
export function measure(rel: string, buf: Buffer): FileResult {
  const verdict = contentSkip(buf);
  if (verdict) return { skipped: verdict, path: rel };
  // Most code is ASCII, which decodes several times faster as Latin-1 (the same text).
  const text = isAscii(buf) ? buf.toString('latin1') : buf.toString('utf8');
  const name = rel.slice(rel.lastIndexOf('/') + 1);
  const lang = languageOf(name);
  const roles: Role[] = [];
  let manifest: Manifest | null = null;
  if (manifestKind(name)) {
    roles.push('manifest');
    manifest = parseManifest(rel, text);
  }
  if (isReadme(rel)) roles.push('readme');
  if (isDocs(rel)) roles.push('docs');
  if (isTest(rel)) roles.push('test');
  if (isCi(rel)) roles.push('ci');
  if (isConventionalEntry(rel) || (lang.kind === 'programming' && declaresMain(rel, text))) roles.push('entry');
  if (isConfig(rel) && !manifest) roles.push('config');
  if (roles.length === 0 && countsAsCode(lang)) roles.push('source');
  const imports = lang.kind === 'programming' || lang.kind === 'markup' ? importsOf(rel, text) : [];
  return {
    kept: { path: rel, size: buf.length, lines: countLines(text), tokens: countTokens(text), language: lang.name, kind: lang.kind, fence: lang.fence, roles },
    imports,
    manifest,
  };
}

/** One buffer for every file this thread reads (files over MAX_FILE_BYTES are never read):
 *  thousands of small files cost no allocation each. Valid until the next read. */
let scratch: Buffer | null = null;

function readBytes(file: string): Buffer {
  scratch ??= Buffer.allocUnsafe(MAX_FILE_BYTES + 1);
  const fd = fs.openSync(file, 'r');
  try {
    let got = 0;
    for (let n; got < scratch.length && (n = fs.readSync(fd, scratch, got, scratch.length - got, null)) > 0; ) got += n;
    // Grown past the limit since the walk: read it whole all the same.
    return got < scratch.length ? scratch.subarray(0, got) : fs.readFileSync(file);
  } finally {
    fs.closeSync(fd);
  }
}

/** Files read in slices in this thread, the event loop turning between them: synchronous reads
 *  are several times faster than fs.promises for thousands of small files. */
const SLICE = 64;

export const readHere: FileReader = async (root, files, o) => {
  const out: FileResult[] = [];
  for (let i = 0; i < files.length; i++) {
    if (i % SLICE === 0) {
      await yieldLoop();
      o.signal?.throwIfAborted();
      if (i > 0) o.onProgress?.(i);
    }
    out.push(readFile(root, files[i]!.path));
  }
  o.onProgress?.(files.length);
  return out;
};

function countLines(text: string): number {
  if (text.length === 0) return 0;
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return text.endsWith('\n') ? n : n + 1;
}
