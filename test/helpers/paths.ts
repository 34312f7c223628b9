import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TINY_MODEL = join(ROOT, 'test', 'fixtures', 'tiny-colorizer.onnx');
export const SHARED_DATA = join(ROOT, '..', 'shared', 'data');
/** The shipped colorizer's default annealed-mean T, from its manifest (tests follow it when it is retuned). */
export const SHIPPED_TEMPERATURE: number = JSON.parse(
  readFileSync(join(ROOT, 'models', 'colorizer.json'), 'utf8'),
).temperature;

export function tempDir(prefix = 'tinct-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
