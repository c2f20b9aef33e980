/**
 * What a walk keeps and why it drops the rest: the conventions gitingest/repomix users ask for
 * (no vendored code, lock files, generated files or binaries in the story or the prompt).
 * Names are matched case-insensitively on path segments, so a rule holds at any depth.
 */

/** Files larger than this are data or generated output, not code worth narrating. */
export const MAX_FILE_BYTES = 1024 * 1024;
/** Git's own heuristic: a NUL byte in the first 8000 bytes means binary. */
export const BINARY_SNIFF_BYTES = 8000;

export type SkipReason = 'ignored' | 'binary' | 'vendored' | 'lock' | 'generated' | 'large';

/** Folders never descended into: version control, dependencies, virtualenvs, build output, caches. */
const VENDORED_DIRS = new Set([
  'node_modules', 'bower_components', 'jspm_packages', 'vendor', 'vendors', 'third_party', 'third-party', 'thirdparty',
  '.venv', 'venv', 'virtualenv', 'site-packages', 'pods', 'carthage', '.bundle', '.yarn', '.pnpm-store',
]);
const GENERATED_DIRS = new Set([
  'dist', 'build', 'out', 'target', '.next', '.nuxt', '.svelte-kit', '.output', 'coverage', '.nyc_output', '__pycache__',
  '.pytest_cache', '.mypy_cache', '.ruff_cache', '.tox', '.gradle', '.idea', '.vscode', '.cache', '.parcel-cache',
  '.turbo', '.terraform', 'obj', '.eggs', 'htmlcov', 'storybook-static', '.docusaurus', '_build',
]);
/** Never walked and never reported: not part of the project's content. */
const HIDDEN_DIRS = new Set(['.git', '.hg', '.svn']);

export function dirSkip(name: string): SkipReason | 'hidden' | null {
  const n = name.toLowerCase();
  if (HIDDEN_DIRS.has(n)) return 'hidden';
  if (VENDORED_DIRS.has(n)) return 'vendored';
  if (GENERATED_DIRS.has(n) || n.endsWith('.egg-info')) return 'generated';
  return null;
}

const LOCK_FILES = new Set([
  'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb', 'bun.lock', 'deno.lock',
  'cargo.lock', 'poetry.lock', 'pipfile.lock', 'pdm.lock', 'uv.lock', 'gemfile.lock', 'composer.lock', 'go.sum',
  'flake.lock', 'mix.lock', 'pubspec.lock', 'podfile.lock', 'packages.lock.json', 'gradle.lockfile', 'conan.lock',
  'package.resolved', 'cartfile.resolved', 'shard.lock',
]);

const GENERATED_NAME = [
  /\.min\.(js|css|mjs)$/, /\.(js|css)\.map$/, /\.map$/, /\.bundle\.js$/, /\.pb\.go$/, /_pb2(_grpc)?\.pyi?$/, /\.pb\.(cc|h)$/,
  /\.generated\.\w+$/, /\.g\.(dart|cs)$/, /\.designer\.cs$/, /_generated\.go$/, /\.snap$/, /\.chunk\.js$/,
];

/** Extensions that are binary whatever their first bytes say (skipped without reading). */
const BINARY_EXT = new Set(
  (
    'png jpg jpeg gif bmp ico icns webp avif tiff tif psd heic svgz ' +
    'mp3 wav flac ogg opus m4a aac mp4 mov avi mkv webm wmv ' +
    'zip gz tgz bz2 xz 7z rar tar zst jar war ear apk ipa dmg iso deb rpm whl egg nupkg ' +
    'exe dll so dylib a lib o obj bin class pyc pyo wasm node ' +
    'pdf doc docx xls xlsx ppt pptx odt ods key numbers pages ' +
    'ttf otf woff woff2 eot ' +
    'sqlite sqlite3 db mdb pkl npy npz onnx pt pth safetensors ckpt h5 tflite parquet avro'
  ).split(' '),
);

export function extOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/** A verdict from the name alone (before reading): lock, generated, or known binary. */
export function nameSkip(name: string): SkipReason | null {
  const n = name.toLowerCase();
  if (LOCK_FILES.has(n)) return 'lock';
  if (BINARY_EXT.has(extOf(n))) return 'binary';
  if (GENERATED_NAME.some((re) => re.test(n))) return 'generated';
  return null;
}

/** A verdict from the bytes: NUL in the head (binary), or a "generated, do not edit" banner. */
export function contentSkip(head: Buffer): SkipReason | null {
  const n = Math.min(head.length, BINARY_SNIFF_BYTES);
  if (head.subarray(0, n).includes(0)) return 'binary';
  // Go's convention (`// Code generated … DO NOT EDIT.`) and the `@generated` marker of many tools.
  const top = head.subarray(0, 600).toString('latin1');
  if (/^\/\/ Code generated .* DO NOT EDIT\.$/m.test(top) || /@generated\b/.test(top) || /\bAUTO-?GENERATED FILE\b/i.test(top)) return 'generated';
  return null;
}
