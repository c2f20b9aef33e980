// Lint = correctness basics + the layering of ARCHITECTURE §1, checked by a machine.
import tseslint from 'typescript-eslint';
import koru from './scripts/eslint/koru-rules.js';

import { builtinModules } from 'node:module';

// Bare built-in names must match exactly ('events' the module, not './events'), so they go in
// `paths`; folder globs go in `patterns`.
const node = builtinModules.filter((m) => !m.startsWith('_'));
// Packages that only load in Node (native addons): the renderer never imports them.
const nodeOnlyPackages = ['better-sqlite3', 'serialport', '@serialport/bindings-cpp', 'naudiodon', 'espeak-ng', 'segfault-handler'];
const layer = (files, patterns, why, paths = []) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { paths: paths.map((name) => ({ name, message: why })), patterns: [{ group: patterns, message: why }] }],
  },
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
  {
    // Capabilities meet only at each other's index.ts; test doubles stay in tests (ARCHITECTURE §8).
    plugins: { koru },
    rules: { 'koru/capability-index': 'error', 'koru/test-doubles': 'error' },
  },
  layer(['contract/**'], ['**/main/**', '**/renderer/**', '**/preload/**', 'electron', 'node:*'],
    'contract/ is pure zod + TypeScript and imports nothing else of ours.', node),
  layer(['renderer/**'], ['**/main/**', '**/preload/**', 'electron', 'node:*'],
    'The renderer talks to main only through the contract client; no Node built-ins, no Electron, no native packages.',
    [...node, ...nodeOnlyPackages]),
  layer(['preload/**'], ['**/main/**', '**/renderer/**'], 'preload depends on the contract only.'),
  layer(['main/**', 'bench/**', 'test/**', 'scripts/**'], ['electron', '**/renderer/**', '**/preload/**'],
    'Only main/electron imports electron; main never imports renderer code.'),
  // (A later entry replaces the rule for its files, so it repeats the main/** restrictions.)
  layer(['main/!(app|web|electron|cli)/**'], ['electron', '**/renderer/**', '**/preload/**', '**/app', '**/app/**', '**/web', '**/web/**', '**/electron', '**/electron/**', '**/cli/**'],
    'Domain folders depend on the contract and each other only: not on electron, the composition root or the transports.'),
  {
    // The one place allowed to import Electron (restriction above lifted here).
    files: ['main/electron/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/renderer/**'], message: 'main never imports renderer code.' },
        { group: ['**/web', '**/web/**'], message: 'The two transports do not import each other: share through main/app.' },
      ] }],
    },
  },
  layer(['main/web/**'], ['electron', '**/renderer/**', '**/preload/**', '**/electron', '**/electron/**'],
    'Web mode runs without Electron, and the two transports do not import each other: share through main/app.'),
);
