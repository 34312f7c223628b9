/**
 * ONNX (onnxruntime-node, through the engine's Segmenter) against PyTorch (the training form of the
 * net, un-baked pixel-difference convs) on the same fixed input: models/train/segmenter/parity.py
 * prints torch's output for a checkpoint.
 *
 * Two models: a fixture made by the test in a temporary folder (net.py's BoundaryNet at width 4 with
 * seeded random weights, exported by export.py: test/fixtures/make_segmenter_parity_fixture.py),
 * which runs wherever Debian's torch is; and the trained models/segmenter.onnx, which runs only where
 * the checkpoint it was exported from (found by the training step its manifest records) is present
 * too; otherwise it says which is missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Segmenter } from '../../src-main/engine/models/segmenter-model.js';
import { ROOT, tempDir } from '../helpers/paths.js';

const ONNX = process.env.TINCT_SEGMENTER_ONNX ?? join(ROOT, 'models', 'segmenter.onnx');
const PARITY = join(ROOT, 'models', 'train', 'segmenter', 'parity.py');
// Runs live in models/train/runs/segmenter-<name>/; before trainkit.py they were in segmenter/runs/<name>/.
const runDirs = (run: string): string[] => [
  join(ROOT, 'models', 'train', 'runs', `segmenter-${run}`),
  join(ROOT, 'models', 'train', 'segmenter', 'runs', run),
];
const PYTHON = '/usr/bin/python3';
const MAKE_FIXTURE = join(ROOT, 'test', 'fixtures', 'make_segmenter_parity_fixture.py');
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8', timeout: 60_000 }).status === 0;

interface Reference {
  input: number[];
  H: number;
  W: number;
  boundary: number[];
}

/** torch's boundary map for a checkpoint (or the fixture's .npz) on parity.py's seeded input. */
function torchReference(ckpt: string): Reference {
  const r = spawnSync(PYTHON, [PARITY, '--ckpt', ckpt], { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 << 20 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Reference;
}

/** The engine's boundary map for the same input, and the largest difference from torch's. */
async function engineAgainst(onnx: string, ref: Reference): Promise<{ out: Float32Array; maxDiff: number }> {
  const model = await Segmenter.load(onnx);
  const { mean, std } = model.manifest.input.normalization;
  // parity.py's input is already normalised; the engine takes L and normalises it itself.
  const L = Float32Array.from(ref.input, (x) => x * std + mean);
  const out = await model.boundary(L, ref.W, ref.H);
  await model.release();
  expect(out.length).toBe(ref.H * ref.W);
  let maxDiff = 0;
  for (let i = 0; i < out.length; i++) maxDiff = Math.max(maxDiff, Math.abs(out[i] - ref.boundary[i]));
  return { out, maxDiff };
}

/** Training step stored in a checkpoint (checkpoint.py keeps it beside the weights). */
function stepOf(ckpt: string): number | null {
  const code =
    `import sys; sys.path.insert(0, ` +
    `${JSON.stringify(join(ROOT, 'models', 'train', 'segmenter'))}); import checkpoint; ` +
    `print(checkpoint.load(sys.argv[1])["step"])`;
  const r = spawnSync(PYTHON, ['-c', code, ckpt], { encoding: 'utf8', timeout: 60_000 });
  return r.status === 0 ? Number(r.stdout.trim()) : null;
}

/**
 * The checkpoint the ONNX was exported from: TINCT_SEGMENTER_CKPT, else the one of the last
 * training stage's run at the step the manifest records for that stage.
 */
function findCheckpoint(): { ckpt?: string; why?: string } {
  if (process.env.TINCT_SEGMENTER_CKPT) return { ckpt: process.env.TINCT_SEGMENTER_CKPT };
  const { training } = JSON.parse(readFileSync(ONNX.replace(/\.onnx$/, '.json'), 'utf8'));
  const last = training?.stages?.at(-1) ?? { run: 'main', steps: training?.steps };
  const dirs = runDirs(last.run);
  for (const runs of dirs) {
    for (const name of ['last.pt', 'best.pt']) {
      const p = join(runs, name);
      if (existsSync(p) && statSync(p).mtimeMs <= statSync(ONNX).mtimeMs && stepOf(p) === last.steps)
        return { ckpt: p };
    }
  }
  return {
    why:
      `no checkpoint in ${dirs.join(' or ')} at step ${last.steps} (the manifest's) and ` +
      `older than the ONNX; set TINCT_SEGMENTER_CKPT`,
  };
}

function missing(): { why: string | null; ckpt?: string } {
  if (!existsSync(ONNX)) return { why: `no ${ONNX} (the segmenter is not trained/exported yet)` };
  if (!existsSync(PARITY)) return { why: `no ${PARITY}` };
  if (!hasTorch) return { why: `Debian's python3-torch is not installed (${PYTHON})` };
  const found = findCheckpoint();
  return found.ckpt ? { why: null, ckpt: found.ckpt } : { why: found.why! };
}

const { why, ckpt: CKPT } = missing();
if (why) console.warn(`segmenter parity test skipped: ${why}`);

if (!hasTorch)
  console.warn(`segmenter fixture parity test skipped: Debian's python3-torch is not installed (${PYTHON})`);

describe.skipIf(!hasTorch)('segmenter ONNX/PyTorch parity on a seeded fixture', () => {
  it('the tiny BoundaryNet gives the same boundary map in the engine as in torch within 1e-4', async () => {
    const dir = tempDir('tinct-seg-parity-');
    const made = spawnSync(PYTHON, [MAKE_FIXTURE, dir], { encoding: 'utf8', timeout: 120_000 });
    expect(made.status, made.stderr).toBe(0);
    const fixture = join(dir, 'segmenter-parity.onnx');
    const ref = torchReference(fixture.replace(/\.onnx$/, '.npz'));
    const { out, maxDiff } = await engineAgainst(fixture, ref);
    // The fixture's map spreads over (0, 1) (make_segmenter_parity_fixture.py scales it so): a
    // saturated map of zeros or ones would agree whatever the graph did.
    const mean = out.reduce((s, v) => s + v, 0) / out.length;
    const sd = Math.sqrt(out.reduce((s, v) => s + (v - mean) ** 2, 0) / out.length);
    console.log(`segmenter fixture parity: max |ORT - torch| = ${maxDiff.toExponential(2)}, map sd ${sd.toFixed(3)}`);
    expect(sd).toBeGreaterThan(0.1);
    expect(maxDiff).toBeLessThan(1e-4);
  }, 180_000);
});

describe.skipIf(why !== null)('segmenter ONNX/PyTorch parity (the trained model)', () => {
  it('gives the same boundary map as torch within 1e-4', async () => {
    const { maxDiff } = await engineAgainst(ONNX, torchReference(CKPT!));
    expect(maxDiff).toBeLessThan(1e-4);
  }, 180_000);
});
