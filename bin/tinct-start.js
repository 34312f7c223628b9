#!/usr/bin/env node
// `npm start`: the desktop app where Electron is installed, the browser shell otherwise. Builds
// what it needs first (the renderer; for Electron also the bundled main process).
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureRenderer } from '../scripts/ensure-renderer.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);

/** The Electron binary, or null where the package (or its download) is missing. */
function electronBinary() {
  try {
    const bin = createRequire(import.meta.url)('electron');
    return typeof bin === 'string' ? bin : null;
  } catch {
    return null;
  }
}

ensureRenderer();
const electron = electronBinary();
if (electron && !args.includes('--browser')) {
  const built = spawnSync(process.execPath, [join(root, 'scripts', 'build-app.mjs')], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
  const child = spawn(electron, [root, ...args], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  if (!electron)
    process.stderr.write(
      'Electron is not installed: starting the browser shell. Open the address below in a browser.\n',
    );
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import(pathToFileURL(join(root, 'src-main', 'web', 'main.ts')).href);
  process.exit(await main(args.filter((a) => a !== '--browser')));
}
