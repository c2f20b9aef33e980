// `node --import ./load-probe.mjs bin/koru.mjs …` (see ./testing.ts): appends to the file named by
// $KORU_LOAD_PROBE every module the run resolved ("module <url>") and, at exit, every native
// library mapped into the process ("library <path>", from /proc/self/maps). Native addons are
// loaded with require() and dlopen(), which no ESM hook sees; the memory map sees them all.
import { appendFileSync, readFileSync } from 'node:fs';
import { register } from 'node:module';

const out = process.env.KORU_LOAD_PROBE;

/** Runs in Node's module-hooks thread (the `?hooks` copy of this file registered below). */
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (resolved.url.startsWith('file:')) appendFileSync(out, `module ${resolved.url}\n`);
  return resolved;
}

if (new URL(import.meta.url).search !== '?hooks') {
  register(`${import.meta.url}?hooks`);
  process.on('exit', () => {
    const mapped = readFileSync('/proc/self/maps', 'utf8')
      .split('\n')
      .map((line) => line.split(/\s+/)[5] ?? '')
      .filter((path) => /\.(node|so)(\.|$)/.test(path));
    appendFileSync(out, [...new Set(mapped)].map((path) => `library ${path}\n`).join(''));
  });
}
