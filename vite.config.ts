import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// The renderer: served by Vite in development, loaded from file:// by Electron and from the web
// server in web mode — hence relative asset URLs (base './').
export default defineConfig({
  root: here('./renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: here('./dist/renderer'),
    emptyOutDir: true,
    target: 'es2022',
    // Loaded from local disk (file:// or 127.0.0.1), so one ~0.5 MB chunk costs nothing worth splitting.
    chunkSizeWarningLimit: 1000,
    sourcemap: false,
  },
  server: { port: 5173, strictPort: true },
});
