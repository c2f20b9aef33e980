import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

// Bundles the Electron main process and the preload into dist-main/ for packaging.
// Native modules stay external: electron-builder rebuilds them for Electron's ABI.
const external = ['electron', 'better-sqlite3', 'naudiodon', 'serialport', 'segfault-handler', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default defineConfig({
  build: {
    ssr: true,
    outDir: 'dist-main',
    emptyOutDir: true,
    target: 'node20',
    sourcemap: true,
    rollupOptions: {
      input: { electron: 'main/electron/entry.ts', preload: 'preload/index.ts' },
      external,
      // Sandboxed preloads must be CommonJS; the main entry follows for simplicity.
      output: { format: 'cjs', entryFileNames: '[name].cjs' },
    },
  },
});
