/**
 * train.py --aux-weight: a photo's class, read from its file name (photosets.label_of), taught to
 * the global branch as a second loss (model card, stage 21). Checked: the names each collection
 * uses give the right class; the labels stay with their photos where the cached set dropped a
 * nearly grey one (the rows no longer match the files one to one); drawing with labels draws the
 * same batches as without; and a run with the flag trains the classifier and keeps it in its
 * checkpoint. Needs Debian's python3-torch (`.ci/run` installs it).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeGrainyPng } from '../helpers/images.js';
import { ROOT, tempDir } from '../helpers/paths.js';

const PYTHON = process.env.TINCT_PYTHON ?? '/usr/bin/python3';
const hasTorch = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import torch'], { timeout: 60_000 }).status === 0;
if (!hasTorch) console.warn(`--aux-weight test skipped: ${PYTHON} has no torch (apt-get install python3-torch)`);
const SCRIPTS = join(ROOT, 'models', 'train', 'colorizer');
const PRELUDE = [
  'import sys, json, numpy as np',
  `sys.path[:0] = [${JSON.stringify(SCRIPTS)}, ${JSON.stringify(join(ROOT, 'models', 'train'))}]`,
];

function python(args: string[]) {
  return spawnSync(PYTHON, args, { cwd: ROOT, encoding: 'utf8', timeout: 180_000, maxBuffer: 64 << 20 });
}

/** A "sports" set named as 100 Sports names its files, one grey photo among them, and an unlabelled set. */
async function sets(dir: string): Promise<string[]> {
  const sports = join(dir, 'sports');
  const faces = join(dir, 'faces');
  mkdirSync(sports, { recursive: true });
  mkdirSync(faces, { recursive: true });
  const red: [number, number, number] = [190, 50, 40];
  const green: [number, number, number] = [50, 150, 50];
  // Sorted by name: the grey one (dropped, chroma < 5) sits between labelled photos.
  await writeGrainyPng(join(sports, 'test_red-ball_1.png'), red, 1, 10);
  await writeGrainyPng(join(sports, 'train_green-field_2.png'), green, 2, 10);
  await writeGrainyPng(join(sports, 'train_grey-day_3.png'), [120, 120, 120], 3, 10);
  await writeGrainyPng(join(sports, 'train_red-ball_4.png'), red, 4, 10);
  await writeGrainyPng(join(sports, 'valid_green-field_5.png'), green, 5, 10);
  await writeGrainyPng(join(faces, '30_1_0_2017.jpg.chip.png'), [200, 150, 120], 6, 10);
  await writeGrainyPng(join(faces, '31_0_1_2017.jpg.chip.png'), [210, 160, 130], 7, 10);
  return [`sports=0.5:${sports}`, `faces=0.5:${faces}`];
}

describe.skipIf(!hasTorch)('train.py --aux-weight (the photo class from its file name)', () => {
  it('reads the class each collection writes into its file names, and none where there is none', () => {
    const cases: [string, string, string | null][] = [
      ['intel', 'train_mountain_12117.jpg', 'intel:mountain'],
      ['intel', 'test_glacier_22036.jpg', 'intel:glacier'],
      ['intel', 'pred_unlabelled_15543.jpg', null],
      ['sports', 'test_figure-skating-pairs_2.jpg', 'sports:figure-skating-pairs'],
      ['sports', 'valid_formula-1-racing_3.jpg', 'sports:formula-1-racing'],
      ['tiny-imagenet', 'train_n03733131_n03733131_317.jpg', 'tiny-imagenet:n03733131'],
      ['tiny-imagenet', 'val_x_val_1604.jpg', null],
      ['yosemite', 'trainA_2015-06-11-10_18_16.jpg', 'yosemite:A'],
      ['yosemite', 'testB_2013-08-27-12_17_11.jpg', 'yosemite:B'],
      ['faces', '100_0_0_20170112213500903.jpg.chip.jpg', null],
      ['classic', 'ILSVRC2012_val_00000001.JPEG', null],
    ];
    const script = [
      ...PRELUDE,
      'from photosets import label_of',
      'print(json.dumps([label_of(s, f) for s, f in json.loads(sys.argv[1])]))',
    ].join('\n');
    const r = python(['-c', script, JSON.stringify(cases.map(([s, f]) => [s, f]))]);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(cases.map((c) => c[2]));
  });

  it('keeps each label with its photo past a dropped grey one, and draws the same batches with labels as without', async () => {
    const dir = tempDir('tinct-aux-');
    const specs = await sets(dir);
    const script = [
      ...PRELUDE,
      'from photosets import load_mix',
      'from data import make_batch',
      'def mix():',
      `    return load_mix(json.loads(sys.argv[1]), '', 64, sys.argv[2], 5.0, 1, lambda *_: None, labels=True)`,
      'm = mix()',
      'rng = np.random.default_rng(3)',
      'pairs = [m.pick_labelled(rng) for _ in range(200)]',
      // a photo's colour (red: a > 20, green: a < -20) against its class name
      'from lab import rgb_to_lab',
      'def hue(im):',
      '    a = rgb_to_lab(im.astype(np.float64) / 255)[..., 1].mean()',
      "    return 'red' if a > 20 else 'green' if a < -20 else 'other'",
      "seen = sorted({'%s %s' % (hue(im), m.classes[k] if k >= 0 else '-') for im, k in pairs})",
      'b1 = make_batch(m, 4, 32, np.random.default_rng(9))',
      'b2 = make_batch(mix(), 4, 32, np.random.default_rng(9), with_labels=True)',
      'same = bool(np.array_equal(b1[0], b2[0]) and np.array_equal(b1[1], b2[1]))',
      "print(json.dumps({'classes': m.classes, 'rows': [len(a) for a in m.arrays], 'seen': seen,",
      "                  'same': same, 'labels': sorted(set(b2[2].tolist()))}))",
    ].join('\n');
    const r = python(['-c', script, JSON.stringify(specs), join(dir, 'cache')]);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.rows).toEqual([4, 2]); // the grey photo dropped
    expect(out.classes).toEqual(['sports:green-field', 'sports:red-ball']);
    // Every red photo drawn carries "red-ball", every green one "green-field", the faces none.
    expect(out.seen).toEqual(['green sports:green-field', 'other -', 'red sports:red-ball']);
    expect(out.same).toBe(true);
    expect(out.labels.every((k: number) => k >= -1 && k <= 1)).toBe(true);
  });

  it('trains the classifier beside the colours and keeps it in the checkpoint; refuses the flag without sets', async () => {
    const dir = tempDir('tinct-aux-run-');
    const specs = await sets(dir);
    const train = (extra: string[]) =>
      python([
        join(SCRIPTS, 'train.py'), '--name', 'aux', '--runs-dir', join(dir, 'runs'), '--cache-dir', join(dir, 'cache'),
        '--set-size', '64', '--val-dir', join(dir, 'sports'), '--val-count', '1', '--val-size', '32', '--steps', '3',
        '--batch', '4', '--crop', '32', '--width', '32', '--prior-photos', '20', '--warmup', '0', '--threads', '1',
        '--log-every', '1', ...extra,
      ]); // prettier-ignore
    const run = train(['--sets', ...specs, '--aux-weight', '0.5']);
    expect(run.status, run.stderr).toBe(0);
    const logText = run.stdout + run.stderr;
    expect(logText).toMatch(/auxiliary classifier: 2 classes, weight 0\.5/);
    expect(logText).toMatch(/step 3\/3 loss [\d.]+ ema [\d.]+ aux_ema [\d.]+ aux_acc_ema [\d.]+/);
    const script = [
      'import sys, torch',
      "ck = torch.load(sys.argv[1], map_location='cpu')",
      "print(ck['aux_classes'], tuple(ck['aux']['mlp.2.weight'].shape))",
    ].join('\n');
    const ck = python(['-c', script, join(dir, 'runs', 'colorizer-aux', 'last.pt')]);
    expect(ck.status, ck.stderr).toBe(0);
    expect(ck.stdout.trim()).toBe("['sports:green-field', 'sports:red-ball'] (2, 256)");

    const noSets = train(['--aux-weight', '0.5']);
    expect(noSets.status).not.toBe(0);
    expect(noSets.stderr + noSets.stdout).toMatch(/--aux-weight: the class labels come from the photo sets of --sets/);
  });
});
