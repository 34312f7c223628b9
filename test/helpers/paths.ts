import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TINY_MODEL = join(ROOT, 'test', 'fixtures', 'tiny-colorizer.onnx');
export const SHARED_DATA = join(ROOT, '..', 'shared', 'data');
/** BSDS500 val's colour photos (validation only; tests that read them skip where they are absent). */
export const BSDS_VAL = join(SHARED_DATA, 'bsds500', 'val', 'images');
/** The shipped colorizer's default annealed-mean T, from its manifest (tests follow it when it is retuned). */
export const SHIPPED_TEMPERATURE: number = JSON.parse(
  readFileSync(join(ROOT, 'models', 'colorizer.json'), 'utf8'),
).temperature;

export function tempDir(prefix = 'tinct-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A fresh folder holding copies of the named BSDS500 val photos, for evaluations run on a few of them. */
export function valPhotos(names: string[]): string {
  const dir = join(tempDir('tinct-val-'), 'photos');
  mkdirSync(dir);
  for (const f of names) copyFileSync(join(BSDS_VAL, f), join(dir, f));
  return dir;
}
