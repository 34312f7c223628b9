/** Tinct's version, read once from the package.json above this file (works from src and dist). */
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}

/** The folder holding Tinct's package.json, models/ and resources/. */
export const PACKAGE_ROOT = findPackageRoot();

/**
 * Set by scripts/build-app.mjs: the packaged worker runs unpacked from the app archive, where no package.json lies
 * above it.
 */
declare const __TINCT_VERSION__: string | undefined;

export const VERSION: string =
  typeof __TINCT_VERSION__ === 'string'
    ? __TINCT_VERSION__
    : (() => {
        try {
          return JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')).version ?? '0.0.0';
        } catch {
          return '0.0.0';
        }
      })();

export const DEFAULT_COLORIZER = join(PACKAGE_ROOT, 'models', 'colorizer.onnx');
export const DEFAULT_SEGMENTER = join(PACKAGE_ROOT, 'models', 'segmenter.onnx');
