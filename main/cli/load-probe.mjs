// `NODE_OPTIONS=--import=./load-probe.mjs koru …` (see ./testing.ts): in the command's process and
// in every Node process it starts (the audio engine's), appends to the file named by
// $KORU_LOAD_PROBE the process's script ("script <pid> <path>"), every module it resolved
// ("module <pid> <url>") and, at exit, every native library mapped into it ("library <pid> <path>",
// from /proc/self/maps). Native addons are loaded with require() and dlopen(), which no ESM hook
// sees; the memory map sees them all.
import { appendFileSync, readFileSync } from 'node:fs';
import { register } from 'node:module';

const out = process.env.KORU_LOAD_PROBE;

/** Runs in Node's module-hooks thread (the `?hooks` copy of this file registered below). */
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (resolved.url.startsWith('file:')) appendFileSync(out, `module ${process.pid} ${resolved.url}\n`);
  return resolved;
}

if (new URL(import.meta.url).search !== '?hooks') {
  register(`${import.meta.url}?hooks`);
  appendFileSync(out, `script ${process.pid} ${process.argv[1] ?? ''}\n`);
  process.on('exit', () => {
    const mapped = readFileSync('/proc/self/maps', 'utf8')
      .split('\n')
      .map((line) => line.split(/\s+/)[5] ?? '')
      .filter((path) => /\.(node|so)(\.|$)/.test(path));
    appendFileSync(out, [...new Set(mapped)].map((path) => `library ${process.pid} ${path}\n`).join(''));
  });
}
