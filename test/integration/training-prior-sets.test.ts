/**
 * train.py --prior-sets: the ab prior (and so the class-rebalancing weights of the loss) drawn
 * from another mix of the same sets than the batches. Why it exists: stage 17 weighted the faces
 * set up to win red back and lost red, and the prior following the mix was the suspect (model card,
 * stage 17; stage 18 used this flag and cleared it); a mix change needs data and loss weights
 * changed one at a time.
 * Two sets of flat photos, a red one and a green one: the prior's mass on the red side (a > 10)
 * follows --prior-sets, not --sets. Needs Debian's python3-torch (`.ci/run` installs it).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/paths.js';

const PYTHON = process.env.TINCT_PYTHON ?? '/usr/bin/python3';
const hasTorch = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import torch'], { timeout: 60_000 }).status === 0;
if (!hasTorch) console.warn(`--prior-sets test skipped: ${PYTHON} has no torch (apt-get install python3-torch)`);

function run(args: string[]) {
  return spawnSync(PYTHON, args, { cwd: ROOT, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 << 20 });
}

/** Four flat 64 px photos of one colour, a little apart in lightness. */
async function flatSet(dir: string, rgb: [number, number, number]): Promise<void> {
  mkdirSync(dir, { recursive: true });
  for (let k = 0; k < 4; k++) {
    const c = rgb.map((v) => Math.min(255, v + k * 10));
    await sharp({ create: { width: 64, height: 64, channels: 3, background: { r: c[0], g: c[1], b: c[2] } } })
      .png()
      .toFile(join(dir, `p${k}.png`));
  }
}

describe.skipIf(!hasTorch)('train.py --prior-sets (the rebalancing prior from another mix)', () => {
  it('takes the prior from the named weights of the same sets, and refuses a set not trained on or no --sets', async () => {
    const dir = tempDir('tinct-prior-');
    await flatSet(join(dir, 'red'), [200, 40, 40]);
    await flatSet(join(dir, 'green'), [40, 160, 40]);
    const train = (name: string, extra: string[]) =>
      run([
        'models/train/colorizer/train.py', '--name', name, '--runs-dir', join(dir, 'runs'),
        '--cache-dir', join(dir, 'cache'), '--set-size', '64',
        '--sets', `red=0.5:${join(dir, 'red')}`, `green=0.5:${join(dir, 'green')}`, ...extra,
        '--val-dir', join(dir, 'red'), '--val-count', '1', '--val-size', '32', '--steps', '1', '--batch', '2',
        '--crop', '32', '--width', '32', '--prior-photos', '40', '--warmup', '0', '--threads', '1',
      ]); // prettier-ignore
    // Share of the prior on the red side of the ab plane (a > 10), from the run's checkpoint.
    const redMass = (name: string) => {
      const script = [
        'import sys, numpy as np, torch',
        `ck = torch.load(sys.argv[1], map_location='cpu')`,
        `b, p = np.asarray(ck['bins']), np.asarray(ck['prior'])`,
        'print(float(p[b[:, 0] > 10].sum() / p.sum()))',
      ].join('\n');
      const r = run(['-c', script, join(dir, 'runs', `colorizer-${name}`, 'last.pt')]);
      expect(r.status, r.stderr).toBe(0);
      return Number(r.stdout.trim());
    };

    const mixed = train('mixed', []);
    expect(mixed.status, mixed.stderr).toBe(0);
    const redOnly = train('red', ['--prior-sets', 'red=1']);
    expect(redOnly.status, redOnly.stderr).toBe(0);
    expect(redOnly.stdout + redOnly.stderr).toMatch(/prior sets .*"set": "green".*"weight": 0\.0/);
    const [m, r] = [redMass('mixed'), redMass('red')];
    expect(m).toBeGreaterThan(0.3);
    expect(m).toBeLessThan(0.75);
    expect(r).toBeGreaterThan(0.9);

    const wrong = train('wrong', ['--prior-sets', 'faces=1']);
    expect(wrong.status).not.toBe(0);
    expect(wrong.stderr.trim().split('\n').pop()).toBe('--prior-sets: "faces" is not one of the sets (red, green)');
    const alone = run(['models/train/colorizer/train.py', '--prior-sets', 'red=1', '--smoke']);
    expect(alone.status).not.toBe(0);
    expect(alone.stderr.trim()).toBe('--prior-sets: it reweighs the sets of --sets, and none are named');
  }, 300_000);
});
