/**
 * The GPU stage's path (models/train/colorizer/gpu_train.sh), run here on the CPU with tiny
 * photos: pack.py packs a set, train.py trains from the pack with batch workers, average.py's
 * result exports and loads in the engine. And the workers' promise: the batches of a run do not
 * depend on how many processes make them (the same losses with one worker and with two).
 * Needs Debian's python3-torch (`.ci/run` installs it); skips with a message where it is missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { Colorizer } from '../../src-main/engine/models/colorizer-model.js';
import { ROOT, tempDir } from '../helpers/paths.js';

const PYTHON = process.env.TINCT_PYTHON ?? '/usr/bin/python3';
const hasTorch = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import torch'], { timeout: 60_000 }).status === 0;
if (!hasTorch) console.warn(`GPU-path test skipped: ${PYTHON} has no torch (apt-get install python3-torch)`);

function py(args: string[]): string {
  const r = spawnSync(PYTHON, args, { cwd: ROOT, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${args[0]} failed: ${r.stderr.split('\n').slice(-5).join(' ')}`);
  return r.stdout;
}

/** Colourful 64 px photos: a hue gradient turned a different way in each. */
async function makePhotos(dir: string, n: number): Promise<void> {
  mkdirSync(dir, { recursive: true });
  for (let k = 0; k < n; k++) {
    const px = Buffer.alloc(64 * 64 * 3);
    for (let y = 0; y < 64; y++)
      for (let x = 0; x < 64; x++) {
        const i = (y * 64 + x) * 3;
        px[i] = (x * 4 + k * 40) % 256;
        px[i + 1] = (y * 4 + k * 70) % 256;
        px[i + 2] = 255 - (((x + y) * 2 + k * 30) % 256);
      }
    await sharp(px, { raw: { width: 64, height: 64, channels: 3 } })
      .png()
      .toFile(join(dir, `p${k}.png`));
  }
}

describe.skipIf(!hasTorch)('colorizer stage from a pack with batch workers (the GPU path, on the CPU)', () => {
  it('packs, trains, averages, exports, loads; the losses do not depend on the number of workers', async () => {
    const dir = tempDir('tinct-pack-');
    await makePhotos(join(dir, 'photos'), 6);
    const pack = join(dir, 'pack');
    py([
      'models/train/colorizer/pack.py', '--sets', `tiny=1:${join(dir, 'photos')}`, '--cache-dir', join(dir, 'cache'),
      '--out', pack, '--megabytes', '1', '--val-dir', join(dir, 'photos'), '--val-count', '2',
    ]); // prettier-ignore
    expect(readFileSync(join(pack, 'sets.txt'), 'utf8').trim()).toBe('tiny=1');
    expect(JSON.parse(readFileSync(join(pack, 'pack.json'), 'utf8')).sets[0].photos).toBe(6);

    const losses = (workers: number) => {
      const runs = join(dir, `runs${workers}`);
      const log = py([
        'models/train/colorizer/train.py', '--sets', 'tiny=1', '--pack', pack, '--val-dir', join(pack, 'val'),
        '--workers', String(workers), '--runs-dir', runs, '--cache-dir', join(dir, 'cache'), '--steps', '3',
        '--batch', '2', '--crop', '32', '--width', '32', '--val-count', '2', '--val-size', '32', '--log-every', '1',
        '--prior-photos', '20', '--warmup', '0', '--name', 'p',
      ]); // prettier-ignore
      return { runs, loss: [...log.matchAll(/ loss (\S+)/g)].map((m) => m[1]) };
    };
    const one = losses(1);
    const two = losses(2);
    expect(one.loss).toHaveLength(3);
    expect(two.loss).toEqual(one.loss);

    const avg = join(dir, 'avg.pt');
    py(['models/train/colorizer/average.py', '--out', avg, join(two.runs, 'colorizer-p', 'last.pt')]);
    // precise_bn.py reads the average's mix from the pack it was trained on (named in its args),
    // and says so in one line when that pack is not here.
    const bn = join(dir, 'avg-bn.pt');
    py(['models/train/colorizer/precise_bn.py', '--ckpt', avg, '--out', bn, '--batches', '2', '--threads', '1']);
    const away = spawnSync(PYTHON, ['models/train/colorizer/precise_bn.py', '--ckpt', avg, '--out', bn, '--pack', join(dir, 'gone')],
      { cwd: ROOT, encoding: 'utf8', timeout: 120_000 }); // prettier-ignore
    expect(away.status).not.toBe(0);
    expect(away.stderr.trim()).toMatch(/avg\.pt: its sets are read from the pack .*gone, which is not here/);
    const onnx = join(dir, 'colorizer.onnx');
    py(['models/train/colorizer/export.py', '--ckpt', bn, '--out', onnx, '--no-verify']);
    const model = await Colorizer.load(onnx);
    expect(model.Q).toBe(261);
    await model.release();
  }, 240_000);
});
