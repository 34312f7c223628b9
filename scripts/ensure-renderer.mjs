// Builds the renderer (dist/renderer) when it is missing or older than its sources; used by
// `npm start` and the end-to-end tests so neither runs a stale editor.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

export function rendererIsStale() {
  const built = join(root, 'dist', 'renderer', 'index.html');
  if (!existsSync(built)) return true;
  const sources = Math.max(
    newest(join(root, 'src-renderer')),
    newest(join(root, 'src-main', 'api')),
    statSync(join(root, 'vite.config.ts')).mtimeMs,
  );
  return sources > statSync(built).mtimeMs;
}

export function ensureRenderer({ quiet = false } = {}) {
  if (!rendererIsStale()) return;
  if (!quiet) process.stderr.write('Building the editor (dist/renderer)…\n');
  // Vite's output goes to stderr: the browser shell's stdout is its one line.
  const r = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'],
    { cwd: root, stdio: ['ignore', 2, 2] },
  );
  if (r.status !== 0) throw new Error('building the renderer failed (npm run build:renderer shows why)');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) ensureRenderer();
