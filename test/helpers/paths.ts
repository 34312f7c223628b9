import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TINY_MODEL = join(ROOT, 'test', 'fixtures', 'tiny-colorizer.onnx');
export const SHARED_DATA = join(ROOT, '..', 'shared', 'data');

export function tempDir(prefix = 'tinct-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
