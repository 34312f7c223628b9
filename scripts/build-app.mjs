// Bundles the desktop app's main process, preload and engine worker into dist/app for Electron
// (which runs JavaScript, not TypeScript): main.js (ESM), preload.cjs (CommonJS, as a sandboxed
// preload must be), worker.js and the preview's helper thread. Native modules and Electron stay external.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const external = ['electron', 'sharp', 'onnxruntime-node', 'ws'];
// The version is built in: the engine worker runs from app.asar.unpacked, with no package.json above it.
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
const define = { __TINCT_VERSION__: JSON.stringify(version) };
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  external,
  absWorkingDir: root,
  define,
};
// ESM bundles that use require() of CommonJS dependencies need a require of their own.
const banner = { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" };

await Promise.all([
  build({ ...common, format: 'esm', banner, entryPoints: ['src-main/app/main.ts'], outfile: 'dist/app/main.js' }),
  build({
    ...common,
    format: 'esm',
    banner,
    entryPoints: ['src-main/engine/worker/host.ts'],
    outfile: 'dist/app/worker.js',
  }),
  build({ ...common, format: 'cjs', entryPoints: ['src-main/app/preload.ts'], outfile: 'dist/app/preload.cjs' }),
  // The preview's helper thread, under the name its starter (preview-threads.ts) looks for beside it.
  build({
    ...common,
    format: 'esm',
    banner,
    entryPoints: ['src-main/engine/preview/preview-helper.ts'],
    outfile: 'dist/app/preview-helper-entry.mjs',
  }),
]);
process.stderr.write(`built ${join('dist', 'app')}: main.js, preload.cjs, worker.js, preview-helper-entry.mjs\n`);
