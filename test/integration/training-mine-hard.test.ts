/**
 * mine_hard.py: the training photos the shipped colorizer colours worst, written as a set of their
 * own for the next stage (model card, stage 19). Two things are checked: the rule that counts a
 * pixel as missed (only the card's confusion: green or blue not found, red or yellow painted green),
 * on hand-made ab arrays; and, with the shipped model on eight textured photos, that the photos
 * written are exactly each set's worst share, at 176 px, named by set and index.
 * Needs Debian's python3-torch (`.ci/run` installs it).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { writeGrainyPng } from '../helpers/images.js';
import { ROOT, tempDir } from '../helpers/paths.js';

const PYTHON = process.env.TINCT_PYTHON ?? '/usr/bin/python3';
const hasTorch = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import torch'], { timeout: 60_000 }).status === 0;
if (!hasTorch) console.warn(`mine_hard test skipped: ${PYTHON} has no torch (apt-get install python3-torch)`);
const SCRIPTS = join(ROOT, 'models', 'train', 'colorizer');

function python(args: string[]) {
  return spawnSync(PYTHON, args, { cwd: ROOT, encoding: 'utf8', timeout: 240_000, maxBuffer: 64 << 20 });
}

describe.skipIf(!hasTorch)('mine_hard.py (the photos a model colours worst)', () => {
  it('counts green or blue missed and warm painted green, nothing else', () => {
    // Rows of one pixel each: [true a, true b, predicted a, predicted b] and whether it counts.
    const script = [
      'import sys, numpy as np',
      `sys.path.insert(0, ${JSON.stringify(SCRIPTS)})`,
      'from mine_hard import missed_share',
      'cases = [((-40, 40), (0, 0), 1), ((-40, 40), (-35, 30), 0), ((0, -40), (30, 30), 1), ((10, 50), (-30, 30), 1),',
      '         ((10, 50), (0, 0), 0), ((50, 10), (0, -40), 0), ((3, 3), (-40, 40), 0), ((40, 40), (40, 45), 0)]',
      'for t, p, want in cases:',
      '    lab = np.array([[[50.0, t[0], t[1]]]]); ab = np.array([[p]], dtype=float)',
      '    print(int(missed_share(ab, lab) == want))',
    ].join('\n');
    const r = python(['-c', script]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(Array(8).fill('1'));
  });

  it("writes each set's worst share with the shipped model, at 176 px, named by set and index", async () => {
    const dir = tempDir('tinct-mine-');
    const photos = join(dir, 'toy');
    mkdirSync(photos);
    const colours: [number, number, number][] = [
      [60, 140, 50], [90, 160, 220], [200, 170, 90], [180, 60, 50], [70, 110, 40], [40, 80, 160], [150, 150, 140], [220, 200, 60],
    ]; // prettier-ignore
    for (const [k, c] of colours.entries()) await writeGrainyPng(join(photos, `p${k}.png`), c, k + 1, 30);
    const out = join(dir, 'hard');
    const mine = python([
      join(SCRIPTS, 'mine_hard.py'), '--sets', `toy=1:${photos}`, '--cache-dir', join(dir, 'cache'),
      '--per-set', '8', '--keep', '0.5', '--min-missed', '0', '--out', out, '--threads', '1',
    ]); // prettier-ignore
    expect(mine.status, mine.stderr).toBe(0);
    expect(mine.stdout).toMatch(/toy: 8 scored, missed share mean [\d.]+, kept 4 with/);
    const written = readdirSync(out).sort();
    expect(written).toHaveLength(4);
    for (const f of written) {
      expect(f).toMatch(/^toy-\d{6}\.png$/);
      const meta = await sharp(join(out, f)).metadata();
      expect([meta.width, meta.height]).toEqual([176, 176]);
    }
    // Score the eight photos again, each alone, and compare: the written ones are the four worst.
    const rescore = [
      'import sys, numpy as np, torch',
      `sys.path.insert(0, ${JSON.stringify(SCRIPTS)})`,
      'from mine_hard import score_photos',
      'from infer import load_model',
      'from photosets import load_set',
      `model, ck = load_model(${JSON.stringify(join(ROOT, 'models', 'colorizer.onnx'))})`,
      `arr = load_set('toy', [sys.argv[1]], 176, sys.argv[2], 5.0, 1, lambda m: None)`,
      "bins = torch.tensor(np.asarray(ck['bins'], np.float32))",
      'print(" ".join("%.6f" % score_photos(model, bins, arr[i:i + 1])[0] for i in range(len(arr))))',
    ].join('\n');
    const r = python(['-c', rescore, photos, join(dir, 'cache')]);
    expect(r.status, r.stderr).toBe(0);
    const scores = r.stdout.trim().split(' ').map(Number);
    expect(scores).toHaveLength(8);
    const worst = scores
      .map((s, i) => [s, i] as const)
      .sort((a, b) => b[0] - a[0])
      .slice(0, 4);
    const writtenIdx = written.map((f) => Number(f.slice(4, 10))).sort();
    // (A tie at the cut would make either choice right; these eight photos score apart.)
    expect(writtenIdx).toEqual(worst.map(([, i]) => i).sort());
  }, 300_000);
});
