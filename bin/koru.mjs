#!/usr/bin/env node
// The `koru` command: the same engine as the app, no UI. TypeScript sources run through tsx.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../main/cli/index.ts');
process.exitCode = await main(process.argv.slice(2));
