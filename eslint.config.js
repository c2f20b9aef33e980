// Lint = correctness basics + the layering of ARCHITECTURE §1, checked by a machine.
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['fs', 'path', 'os', 'child_process', 'crypto', 'http', 'net', 'stream', 'url', 'worker_threads', 'util', 'events', 'buffer'];
const node = NODE_BUILTINS.flatMap((m) => [m, `${m}/*`]);
const layer = (files, patterns, why) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns: [{ group: patterns, message: why }] }] },
});

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'dist-main/', 'release/', 'coverage/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  layer(['contract/**'], ['**/main/**', '**/renderer/**', '**/preload/**', 'electron', 'node:*', ...node],
    'contract/ is pure zod + TypeScript and imports nothing else of ours.'),
  layer(['renderer/**'], ['**/main/**', '**/preload/**', 'electron', 'node:*', ...node],
    'The renderer talks to main only through the contract client; no Node built-ins, no Electron.'),
  layer(['preload/**'], ['**/main/**', '**/renderer/**'], 'preload depends on the contract only.'),
  layer(['main/**', 'bench/**', 'test/**', 'scripts/**'], ['electron', '**/renderer/**', '**/preload/**'],
    'Only main/electron imports electron; main never imports renderer code.'),
  layer(['main/!(app|web|electron|cli)/**'], ['**/app', '**/app/**', '**/web', '**/web/**', '**/electron', '**/electron/**', '**/cli/**'],
    'Domain folders do not depend on the composition root or the transports.'),
  {
    // The one place allowed to import Electron (restriction above lifted here).
    files: ['main/electron/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/renderer/**'], message: 'main never imports renderer code.' }] }] },
  },
);
