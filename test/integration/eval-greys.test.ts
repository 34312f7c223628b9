/**
 * film_greys.py makes the grey inputs `npm run eval:color -- --greys` scores: an old film's print
 * (the default) or a scanned print's damage only (--style print, the degradation most training
 * inputs get). The greys must be the same on every run (every model sees the same inputs), one
 * channel at the photo's size, and really damaged. Real photos: the CC0 samples.
 * Needs Debian's python3 with numpy, PIL and scipy (`.ci/run` installs them); skips where missing.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/paths.js';

const PYTHON = process.env.TINCT_PYTHON ?? '/usr/bin/python3';
const hasPy =
  existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import numpy, PIL, scipy'], { timeout: 60_000 }).status === 0;
if (!hasPy) console.warn(`eval greys test skipped: ${PYTHON} lacks numpy, PIL or scipy`);

function greys(images: string, out: string, style: string): void {
  const r = spawnSync(
    PYTHON,
    ['models/train/colorizer/film_greys.py', '--images', images, '--out', out, '--style', style],
    { cwd: ROOT, encoding: 'utf8', timeout: 120_000 },
  );
  if (r.status !== 0) throw new Error(`film_greys.py failed: ${r.stderr}`);
  expect(r.stdout).toContain(`2 ${style} greys in ${out}`);
}

/** data.grey_u8 of a photo (the undamaged grey whose L is the photo's), written to `out`. */
function cleanGrey(photo: string, out: string): string {
  const script = [
    'import sys, numpy as np',
    'from PIL import Image',
    "sys.path[:0] = ['models/train/colorizer', 'models/train']",
    'from data import grey_u8',
    "Image.fromarray(grey_u8(np.asarray(Image.open(sys.argv[1]).convert('RGB')))).save(sys.argv[2])",
  ].join('\n');
  const r = spawnSync(PYTHON, ['-c', script, photo, out], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`grey_u8 failed: ${r.stderr}`);
  return out;
}

describe.skipIf(!hasPy)('eval greys (film_greys.py)', () => {
  it('gives the same damaged one-channel greys on every run, print and film differently', async () => {
    const dir = tempDir('tinct-greys-');
    const photos = join(dir, 'photos');
    mkdirSync(photos);
    for (const n of ['astronaut', 'coffee'])
      copyFileSync(join(ROOT, 'resources', 'samples', `${n}.png`), join(photos, `${n}.png`));
    greys(photos, join(dir, 'print1'), 'print');
    greys(photos, join(dir, 'print2'), 'print');
    greys(photos, join(dir, 'film'), 'film');
    let damaged = 0;
    for (const n of ['astronaut', 'coffee']) {
      const file = (k: string) => join(dir, k, `${n}.png`);
      expect(readFileSync(file('print1')).equals(readFileSync(file('print2')))).toBe(true);
      const meta = await sharp(file('print1')).metadata();
      const src = await sharp(join(photos, `${n}.png`)).metadata();
      expect([meta.width, meta.height, meta.channels]).toEqual([src.width, src.height, 1]);
      const print = await sharp(file('print1')).raw().toBuffer();
      const film = await sharp(file('film')).raw().toBuffer();
      expect(print.equals(film)).toBe(false);
      // Against the clean grey training makes of the photo (one in five print greys is left clean by design).
      const plain = await sharp(cleanGrey(join(photos, `${n}.png`), join(dir, `${n}-clean.png`)))
        .raw()
        .toBuffer();
      if (!plain.equals(print)) damaged++;
    }
    expect(damaged).toBeGreaterThan(0);
  }, 120_000);
});
