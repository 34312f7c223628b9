/**
 * The recipes' shared checkpointing (models/train/trainkit.py): a run stopped at step 2 and resumed
 * ends with the very weights of the run that went through, because the checkpoint keeps every RNG's
 * state (the batches drawn after the resume are the ones the uninterrupted run drew); and a
 * checkpoint in the format written before trainkit (no RNG state; the segmenter's 'elapsed', 'gen',
 * 'torch_rng', args 'run' and 'wd'; the colorizer's old runs/<name>/ folder) still resumes.
 * Needs Debian's python3-torch (`.ci/run` installs it); skips with a message where it is missing.
 */
import { execFile, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/paths.js';

const PYTHON = process.env.TINCT_PYTHON ?? '/usr/bin/python3';
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch'], { timeout: 60_000 }).status === 0;
if (!hasTorch) console.warn(`training resume tests skipped: ${PYTHON} has no torch (apt-get install python3-torch)`);

// Asynchronous: a minute of spawnSync would block the worker and time out vitest's own messages.
async function py(args: string[]): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)(PYTHON, args, {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
      maxBuffer: 64 << 20,
    });
    return stdout;
  } catch (e) {
    const stderr = String((e as { stderr?: string }).stderr ?? e);
    throw new Error(`${args[0]} failed: ${stderr.split('\n').slice(-5).join(' ')}`);
  }
}

/** Largest weight difference between two checkpoints, and their steps (read with trainkit). */
async function compare(a: string, b: string): Promise<{ maxDiff: number; steps: number[] }> {
  const script = [
    'import sys, json',
    "sys.path.insert(0, 'models/train')",
    'from trainkit import load_checkpoint',
    'x, y = load_checkpoint(sys.argv[1]), load_checkpoint(sys.argv[2])',
    "d = max((x['model'][k].double() - y['model'][k].double()).abs().max().item() for k in x['model'])",
    "print(json.dumps({'maxDiff': d, 'steps': [x['step'], y['step']]}))",
  ].join('\n');
  return JSON.parse(await py(['-c', script, a, b]));
}

/** Rewrites a checkpoint as the recipes wrote it before trainkit (see the file comment). */
async function makeOld(src: string, dst: string, recipe: 'colorizer' | 'segmenter'): Promise<void> {
  const script = [
    'import sys, torch',
    'ck = torch.load(sys.argv[1])',
    "rng = ck.pop('rng')",
    "if sys.argv[3] == 'segmenter':",
    "    ck['elapsed'] = ck.pop('wall_s')",
    "    ck['gen'], ck['torch_rng'] = rng['stream'], rng['torch']",
    "    a = ck['args']",
    "    a['run'], a['wd'] = a.pop('name'), a.pop('weight_decay')",
    'torch.save(ck, sys.argv[2])',
  ].join('\n');
  await py(['-c', script, src, dst, recipe]);
}

describe.skipIf(!hasTorch)('the shared schedule (trainkit.lr_at)', () => {
  it('warms up linearly, then follows the cosine to lr·ratio, by steps or by time if that ends first', async () => {
    const script = [
      'import sys, json, types',
      "sys.path.insert(0, 'models/train')",
      'from trainkit import lr_at',
      'a = types.SimpleNamespace(lr=1.0, lr_min_ratio=0.1, warmup=10, steps=110, max_minutes=0)',
      'b = types.SimpleNamespace(lr=1.0, lr_min_ratio=0.1, warmup=10, steps=110, max_minutes=10)',
      'print(json.dumps([lr_at(0, 0, a), lr_at(4, 0, a), lr_at(10, 0, a), lr_at(60, 0, a), lr_at(110, 0, a),',
      '                  lr_at(10, 300, b), lr_at(60, 150, b), lr_at(20, 900, b)]))',
    ].join('\n');
    const got = JSON.parse(await py(['-c', script])) as number[];
    // Warm-up: (step + 1)/warmup → 0.1, 0.5. Then lr·(0.1 + 0.9·(1 + cos πt)/2) with t = (step - 10)/100:
    // t = 0 → 1, t = 0.5 → 0.55, t = 1 → 0.1. With --max-minutes 10, t = max(that, wall/600 s):
    // 300 s at step 10 → t = 0.5 → 0.55; 150 s at step 60 → the steps' 0.5 → 0.55; 900 s → t = 1 → 0.1.
    expect(got).toEqual([0.1, 0.5, 1, 0.55, 0.1, 0.55, 0.55, 0.1].map((v) => expect.closeTo(v, 9)));
  }, 60_000);
});

describe.skipIf(!hasTorch)('training resume (trainkit checkpoints)', () => {
  it('colorizer: stopped at step 2 and resumed = the uninterrupted weights; an old checkpoint resumes', async () => {
    const [a, b, c] = [tempDir('tinct-resume-a-'), tempDir('tinct-resume-b-'), tempDir('tinct-resume-c-')];
    const train = 'models/train/colorizer/train.py';
    await py([train, '--smoke', '--steps', '4', '--keep-every', '2', '--runs-dir', a]);
    mkdirSync(join(b, 'colorizer-smoke'));
    copyFileSync(join(a, 'colorizer-smoke', 'step2.pt'), join(b, 'colorizer-smoke', 'last.pt'));
    const log = await py([train, '--smoke', '--steps', '4', '--runs-dir', b, '--resume']);
    expect(log).toMatch(/resumed from \S+last\.pt at step 2/);
    const same = await compare(join(a, 'colorizer-smoke', 'last.pt'), join(b, 'colorizer-smoke', 'last.pt'));
    expect(same.steps).toEqual([4, 4]);
    expect(same.maxDiff).toBe(0);

    // The old format in the old place (runs/<name>/): found, resumed, with a fresh stream.
    mkdirSync(join(c, 'smoke'));
    await makeOld(join(a, 'colorizer-smoke', 'step2.pt'), join(c, 'smoke', 'last.pt'), 'colorizer');
    const oldLog = await py([train, '--smoke', '--steps', '4', '--runs-dir', c, '--resume']);
    expect(oldLog).toContain(`resumed from ${join(c, 'smoke', 'last.pt')} at step 2`);
    expect(oldLog).toMatch(/has no RNG state/);
    const other = await compare(join(a, 'colorizer-smoke', 'last.pt'), join(c, 'colorizer-smoke', 'last.pt'));
    expect(other.steps).toEqual([4, 4]);
    // Other batches, other weights: what makes the equality above mean something.
    expect(other.maxDiff).toBeGreaterThan(0);
  }, 240_000);

  it('colorizer: a resumed stage keeps the --init it started from (its training record keeps the stage before, a grown one grows alike)', async () => {
    const [a, b, c] = [tempDir('tinct-init-a-'), tempDir('tinct-init-b-'), tempDir('tinct-init-c-')];
    const train = 'models/train/colorizer/train.py';
    await py([train, '--smoke', '--steps', '2', '--runs-dir', a]);
    const first = join(a, 'colorizer-smoke', 'last.pt');
    // Grown wider from the first (widen.py): the resume must find the same new weights to boost.
    const grow = ['--decoder', '112,96,80'];
    await py([train, '--smoke', '--steps', '4', '--keep-every', '2', '--init', first, ...grow, '--runs-dir', b]);
    mkdirSync(join(c, 'colorizer-smoke'));
    copyFileSync(join(b, 'colorizer-smoke', 'step2.pt'), join(c, 'colorizer-smoke', 'last.pt'));
    // The resume does not repeat --init, as a second session's command would not.
    await py([train, '--smoke', '--steps', '4', '--runs-dir', c, '--resume']);
    const script = [
      'import sys, json',
      "sys.path[:0] = ['models/train/colorizer', 'models/train']",
      'from trainkit import load_checkpoint',
      'from export import training_stages',
      'ck = load_checkpoint(sys.argv[1])',
      "print(json.dumps({'init': ck['args']['init'], 'steps': [s['steps'] for s in training_stages(ck)]}))",
    ].join('\n');
    const r = JSON.parse(await py(['-c', script, join(c, 'colorizer-smoke', 'last.pt')]));
    expect(r.init).toBe(first);
    expect(r.steps).toEqual([2, 4]);
    const same = await compare(join(b, 'colorizer-smoke', 'last.pt'), join(c, 'colorizer-smoke', 'last.pt'));
    expect(same.steps).toEqual([4, 4]);
    expect(same.maxDiff).toBe(0);
  }, 240_000);

  it('segmenter: stopped at step 2 and resumed gives the uninterrupted weights, from the old format too', async () => {
    const [a, b, c] = [tempDir('tinct-resume-a-'), tempDir('tinct-resume-b-'), tempDir('tinct-resume-c-')];
    const train = 'models/train/segmenter/train.py';
    await py([train, '--smoke', '--steps', '4', '--keep-every', '2', '--runs-dir', a]);
    const step2 = join(a, 'segmenter-smoke', 'step2.pt');
    const log = await py([train, '--smoke', '--steps', '4', '--runs-dir', b, '--resume', step2]);
    expect(log).toMatch(/resumed \S+step2\.pt at step 2/);
    const same = await compare(join(a, 'segmenter-smoke', 'last.pt'), join(b, 'segmenter-smoke', 'last.pt'));
    expect(same.steps).toEqual([4, 4]);
    expect(same.maxDiff).toBe(0);

    const old = join(c, 'old.pt');
    await makeOld(step2, old, 'segmenter');
    await py([train, '--smoke', '--steps', '4', '--runs-dir', c, '--resume', old]);
    const fromOld = await compare(join(a, 'segmenter-smoke', 'last.pt'), join(c, 'segmenter-smoke', 'last.pt'));
    expect(fromOld.steps).toEqual([4, 4]);
    expect(fromOld.maxDiff).toBe(0); // the old format kept the augmentation stream already
  }, 240_000);
});
