#!/usr/bin/env node
// The `koru` command: the same engine as the app, no UI. It runs the built bundle
// (dist-main/cli.js, made by `npm install` / `npm run build:main`), never the TypeScript sources.
import { BUILD_COMMAND, MAIN_DIR, ROOT, mainBundleState } from '../scripts/main-bundle.mjs';

const bundle = mainBundleState();
if (bundle.state !== 'fresh') {
  const why = bundle.state === 'missing' ? 'is not built' : `is older than its sources (${bundle.file} changed)`;
  process.stderr.write(`koru: the command's bundle in ${MAIN_DIR} ${why}; run \`${BUILD_COMMAND}\` in ${ROOT} first.\n`);
  process.exit(1);
}
const { main } = await import('../dist-main/cli.js');
process.exitCode = await main(process.argv.slice(2));
