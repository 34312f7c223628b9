#!/usr/bin/env node
// `tinct` from the checkout or an install: runs the TypeScript CLI through tsx, so there is no
// build step between editing and running.
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';

register();
const { main } = await import(fileURLToPath(new URL('../src-main/cli/main.ts', import.meta.url)));
process.exit(await main(process.argv.slice(2)));
