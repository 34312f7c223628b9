/**
 * The Python side of the model-tool tests (blend.py, logit_mix.py): Debian's python3 with onnx
 * (and torch, which models/train/colorizer/onnx_weights.py imports), and a second colorizer of the
 * shipped graph made on the spot, so that such a test reads nothing but the shipped model.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import { ROOT } from './paths.js';

export const PYTHON = process.env.TINCT_PYTHON ?? '/usr/bin/python3';
export const hasOnnxAndTorch =
  existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import onnx, torch'], { timeout: 60_000 }).status === 0;

export function py(args: string[]) {
  return spawnSync(PYTHON, args, { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
}

// Every Conv weight times (1 + 0.3 · N(0, 1)), seeded: a different model of the same graph.
const PERTURB = `
import sys, numpy as np, onnx
from onnx import numpy_helper
m = onnx.load(sys.argv[1]); rng = np.random.default_rng(7)
convs = {n.input[1] for n in m.graph.node if n.op_type == 'Conv'}
for t in m.graph.initializer:
    if t.name in convs:
        w = numpy_helper.to_array(t)
        t.CopyFrom(numpy_helper.from_array((w * (1 + 0.3 * rng.standard_normal(w.shape))).astype(np.float32), t.name))
onnx.save(m, sys.argv[2])
`;

/** Writes `to` (.onnx, with the manifest of `from` beside it): `from` with its conv weights moved. */
export function writePerturbedColorizer(from: string, to: string): void {
  const made = py(['-c', PERTURB, from, to]);
  if (made.status !== 0) throw new Error(`perturbing ${from}: ${made.stderr}`);
  copyFileSync(from.replace(/\.onnx$/, '.json'), to.replace(/\.onnx$/, '.json'));
}
