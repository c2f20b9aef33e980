import { builtinModules } from 'node:module';
import { defineConfig, type UserConfig } from 'vite';

// Bundles the Electron side into dist-main/ for packaging, in two passes:
//  - default: the main process as ESM; npm dependencies stay in node_modules (electron-builder
//    ships them and rebuilds the native ones — better-sqlite3, naudiodon — for Electron's ABI);
//  - `--mode preload`: the preload as ONE self-contained CommonJS file, because a sandboxed
//    preload can require nothing but a few Electron built-ins.
const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default defineConfig(({ mode }): UserConfig => {
  const preload = mode === 'preload';
  return {
    ssr: preload ? { noExternal: true } : undefined,
    build: {
      ssr: true,
      outDir: 'dist-main',
      emptyOutDir: !preload,
      target: 'node20',
      sourcemap: true,
      rollupOptions: {
        input: (preload ? { preload: 'preload/index.ts' } : { electron: 'main/electron/entry.ts', 'export-worker': 'main/export/worker.ts' }) as Record<string, string>,
        external: preload ? ['electron'] : ['electron', ...nodeBuiltins],
        output: preload ? { format: 'cjs', entryFileNames: '[name].cjs' } : { format: 'es', entryFileNames: '[name].js' },
      },
    },
  };
});
