/**
 * ONNX (onnxruntime-node, through the engine's Segmenter) against PyTorch (the training form of the
 * net, un-baked pixel-difference convs) on the same fixed input: models/train/segmenter/parity.py
 * prints torch's output for a checkpoint. Runs only where the trained model, the checkpoint it was
 * exported from (found by the training step its manifest records) and Debian's torch are all
 * present; otherwise it says which is missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Segmenter } from '../../src-main/engine/models/segmenter-model.js';
import { ROOT } from '../helpers/paths.js';

const ONNX = process.env.TINCT_SEGMENTER_ONNX ?? join(ROOT, 'models', 'segmenter.onnx');
const PARITY = join(ROOT, 'models', 'train', 'segmenter', 'parity.py');
const RUNS_DIR = join(ROOT, 'models', 'train', 'segmenter', 'runs');
const PYTHON = '/usr/bin/python3';

/** Training step stored in a checkpoint (checkpoint.py keeps it beside the weights). */
function stepOf(ckpt: string): number | null {
  const code = `import sys; sys.path.insert(0, ${JSON.stringify(join(ROOT, 'models', 'train', 'segmenter'))}); import checkpoint; print(checkpoint.load(sys.argv[1])["step"])`;
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
  const runs = join(RUNS_DIR, last.run);
  for (const name of ['last.pt', 'best.pt']) {
    const p = join(runs, name);
    if (existsSync(p) && statSync(p).mtimeMs <= statSync(ONNX).mtimeMs && stepOf(p) === last.steps) return { ckpt: p };
  }
  return {
    why: `no checkpoint in ${runs} at step ${last.steps} (the manifest's) and older than the ONNX; set TINCT_SEGMENTER_CKPT`,
  };
}

function missing(): { why: string | null; ckpt?: string } {
  if (!existsSync(ONNX)) return { why: `no ${ONNX} (the segmenter is not trained/exported yet)` };
  if (!existsSync(PARITY)) return { why: `no ${PARITY}` };
  if (spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' }).status !== 0)
    return { why: `Debian's python3-torch is not installed (${PYTHON})` };
  const found = findCheckpoint();
  return found.ckpt ? { why: null, ckpt: found.ckpt } : { why: found.why! };
}

const { why, ckpt: CKPT } = missing();
if (why) console.warn(`segmenter parity test skipped: ${why}`);

describe.skipIf(why !== null)('segmenter ONNX/PyTorch parity', () => {
  it('gives the same boundary map as torch within 1e-4', async () => {
    const r = spawnSync(PYTHON, [PARITY, '--ckpt', CKPT!], { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 << 20 });
    expect(r.status, r.stderr).toBe(0);
    const ref = JSON.parse(r.stdout.trim().split('\n').pop()!) as {
      input: number[];
      H: number;
      W: number;
      boundary: number[];
    };
    const model = await Segmenter.load(ONNX);
    const { mean, std } = model.manifest.input.normalization;
    // parity.py's input is already normalised; the engine takes L and normalises it itself.
    const L = Float32Array.from(ref.input, (x) => x * std + mean);
    const out = await model.boundary(L, ref.W, ref.H);
    await model.release();
    let maxDiff = 0;
    for (let i = 0; i < out.length; i++) maxDiff = Math.max(maxDiff, Math.abs(out[i] - ref.boundary[i]));
    expect(out.length).toBe(ref.H * ref.W);
    expect(maxDiff).toBeLessThan(1e-4);
  }, 180_000);
});
