import { writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type UserConfig } from 'vite';

// Bundles everything that runs outside the renderer into dist-main/, in two passes:
//  - default: the programs below as ESM, split into shared chunks so each loads only what it
//    imports (the CLI imports a command's code when that command runs); npm dependencies stay in
//    node_modules (electron-builder ships them and rebuilds the native ones — better-sqlite3,
//    naudiodon, serialport — for Electron's ABI);
//  - `--mode preload`: the preload as ONE self-contained CommonJS file, because a sandboxed
//    preload can require nothing but a few Electron built-ins.
// Build both with `npm run build:main` (scripts/main-bundle.mjs).

/** The programs, by output name: dist-main/<name>.js. Entries and chunks all sit in dist-main/
 *  itself, so one finds a sibling with `new URL('./<name>.js', import.meta.url)`. */
export const MAIN_ENTRIES: Record<string, string> = {
  electron: 'main/electron/entry.ts', // the Electron main process (package.json "main")
  cli: 'main/cli/index.ts', // the `koru` command (bin/koru.mjs)
  web: 'main/web/launch.ts', // web mode, for `npm start` and `npm run web`
  'audio-host': 'main/playback/host.ts', // the audio engine's process (main/playback/host-link.ts)
  'audio-render': 'main/playback/render-worker.ts', // its render thread (main/playback/render-link.ts)
  'export-worker': 'main/export/worker.ts', // exports render and encode here (main/export/service.ts)
  'dub-decode': 'main/dubbing/decode-worker.ts', // files to dub are decoded here (main/dubbing/decode-thread.ts)
  'story-analysis': 'main/stories/analysis/worker.ts', // a story's files are read and counted here (main/stories/analysis/thread.ts)
};
export const PRELOAD_ENTRIES: Record<string, string> = { preload: 'preload/index.ts' };

const root = dirname(fileURLToPath(import.meta.url));
export const OUT_DIR = join(root, 'dist-main');
const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const SOURCE_DIRS = ['main', 'contract', 'preload'].map((d) => join(root, d) + sep);
const PURE_DIRS = ['contract', 'main/storage'].map((d) => join(root, d) + sep);

/** `new URL('../../dist/renderer', import.meta.url)` in a source file means a path relative to
 *  that file; bundled into dist-main/ it would point elsewhere. Such URLs that climb out of the
 *  sources (to dist/ or resources/) are rewritten relative to dist-main/; URLs inside the sources
 *  are left alone (they name siblings in the bundle). */
function rebaseMetaUrls(): Plugin {
  const pattern = /new URL\((['"])(\.\.\/[^'"]*)\1,\s*import\.meta\.url\)/g;
  return {
    name: 'koru-rebase-meta-urls',
    transform(code, id) {
      if (!SOURCE_DIRS.some((d) => id.startsWith(d)) || !code.includes('import.meta.url')) return null;
      const out = code.replace(pattern, (whole, quote: string, rel: string) => {
        const target = resolve(dirname(id), rel);
        if (SOURCE_DIRS.some((d) => (target + sep).startsWith(d))) return whole;
        // A folder's URL keeps its closing slash (path.relative drops it): without it, a file
        // resolved against that URL lands beside the folder instead of in it.
        const moved = relative(OUT_DIR, target).split(sep).join('/') + (rel.endsWith('/') ? '/' : '');
        return `new URL(${quote}${moved.startsWith('.') ? moved : `./${moved}`}${quote}, import.meta.url)`;
      });
      return out === code ? null : { code: out, map: null };
    },
  };
}

/** Writes dist-main/<pass>.inputs.json: the project files this pass was built from and when, so
 *  bin/koru.mjs and npm start can tell a stale bundle from a fresh one without rebuilding. */
function recordInputs(pass: string): Plugin {
  let startedAt = 0;
  return {
    name: 'koru-record-inputs',
    buildStart() {
      startedAt = Date.now();
    },
    writeBundle() {
      const files = [...this.getModuleIds()]
        .filter((id) => isAbsolute(id) && id.startsWith(root + sep) && !id.includes(`${sep}node_modules${sep}`))
        .map((id) => relative(root, id.split('?')[0]!).split(sep).join('/'));
      const inputs = [...new Set([...files, 'vite.main.config.ts', 'package.json'])].sort();
      writeFileSync(join(OUT_DIR, `${pass}.inputs.json`), `${JSON.stringify({ startedAt, inputs }, null, 1)}\n`);
    },
  };
}

export default defineConfig(({ mode }): UserConfig => {
  const preload = mode === 'preload';
  return {
    plugins: [rebaseMetaUrls(), recordInputs(preload ? 'preload' : 'main')],
    ssr: preload ? { noExternal: true } : { noExternal: ['zod', 'commander'] },
    build: {
      ssr: true,
      outDir: OUT_DIR,
      emptyOutDir: !preload,
      target: 'node20',
      sourcemap: true,
      rollupOptions: {
        input: preload ? PRELOAD_ENTRIES : MAIN_ENTRIES,
        external: preload ? ['electron'] : ['electron', ...nodeBuiltins],
        // The contract and storage only declare (schemas, statements, functions): a module that
        // imports one schema or helper through their index need not run the rest (a CLI render
        // would otherwise build every capability's schemas and repositories).
        treeshake: { moduleSideEffects: (id: string) => !PURE_DIRS.some((d) => id.startsWith(d)) },
        output: preload
          ? { format: 'cjs', entryFileNames: '[name].cjs' }
          : { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
      },
    },
  };
});
