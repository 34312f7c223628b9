/**
 * logit_mix.py: one graph whose logits are a weighted sum of colorizers' logits plus β times the
 * rebalancing log-prior. Checked through the engine against each model's own logits: the shipped
 * model A and a perturbed copy B (made here) mixed at 0.3 + 0.7 give 0.3·A + 0.7·B, and B without
 * a weight takes what A leaves; A alone at weight 1 with β = −0.3 gives its logits plus
 * −0.3 · log(½p̃ + ½/Q) for every bin at every pixel; the mixed graph is refused as a network to
 * read back (train.py --init); a model whose bins differ, or an --out onto an input, is refused in
 * one line and nothing is written.
 * Needs Debian's python3-onnx and python3-torch (`.ci/run` installs them); skips where one is missing.
 */
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadImage } from '../../src-main/engine/image/read-image.js';
import { Colorizer } from '../../src-main/engine/models/colorizer-model.js';
import { reduceLightness } from '../../src-main/engine/session/stages.js';
import { ROOT, tempDir } from '../helpers/paths.js';
import { PYTHON, hasOnnxAndTorch, py, writePerturbedColorizer } from '../helpers/python-models.js';

if (!hasOnnxAndTorch)
  console.warn(`logit_mix test skipped: ${PYTHON} lacks onnx or torch (apt-get install python3-onnx python3-torch)`);

const SHIPPED = join(ROOT, 'models', 'colorizer.onnx');
const MIX = 'models/train/colorizer/logit_mix.py';

function refusedInOneLine(args: string[], names: string, out: string) {
  const r = py([MIX, ...args, '--out', out]);
  expect(r.status).not.toBe(0);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toContain(names);
}

describe.skipIf(!hasOnnxAndTorch)('logit_mix.py', () => {
  it('sums weighted logits, adds the rebalancing bias, and refuses what it cannot mix', async () => {
    const dir = tempDir('tinct-logit-mix-');
    const b = join(dir, 'b.onnx');
    writePerturbedColorizer(SHIPPED, b);
    const mixed = (args: string[], name: string) => {
      const out = join(dir, `${name}.onnx`);
      const r = py([MIX, ...args, '--out', out]);
      expect(r.status, r.stderr).toBe(0);
      return out;
    };
    const weighed = mixed([`${SHIPPED}=0.3`, `${b}=0.7`], 'weighed');
    const rest = mixed([`${SHIPPED}=0.3`, b], 'rest');
    const biased = mixed([`${SHIPPED}=1`, '--beta', '-0.3'], 'biased');
    const record = JSON.parse(readFileSync(join(dir, 'rest.json'), 'utf8'));
    expect(record.training.logitMix.weights).toEqual([0.3, 0.7]);
    expect(record.version).toMatch(/\+mix$/);

    const work = reduceLightness(await loadImage(join(ROOT, 'resources', 'samples', 'coffee.png')), 96);
    const models = await Promise.all([SHIPPED, b, weighed, rest, biased].map((p) => Colorizer.load(p)));
    const [A, B, mixAB, restAB, bias] = await Promise.all(
      models.map(async (m) => (await m.logits(work.L, work.width, work.height)).data),
    );
    await Promise.all(models.map((m) => m.release()));

    const worst = (got: Float32Array, want: (i: number) => number) => {
      let w = 0;
      got.forEach((v, i) => (w = Math.max(w, Math.abs(v - want(i)))));
      return w;
    };
    expect(worst(B, (i) => A[i])).toBeGreaterThan(0.5); // B is another model
    expect(worst(mixAB, (i) => 0.3 * A[i] + 0.7 * B[i])).toBeLessThan(1e-4);
    expect(worst(restAB, (i) => mixAB[i])).toBe(0);

    const prior: number[] = JSON.parse(readFileSync(SHIPPED.replace(/\.onnx$/, '.json'), 'utf8')).prior;
    const total = prior.reduce((s, p) => s + p, 0);
    const pixels = A.length / prior.length;
    const want = prior.map((p) => -0.3 * Math.log(0.5 * (p / total) + 0.5 / prior.length));
    // The bias differs between bins by more than the tolerance, so a constant shift would not pass.
    expect(Math.max(...want) - Math.min(...want)).toBeGreaterThan(0.3);
    expect(worst(bias, (i) => A[i] + want[Math.floor(i / pixels)])).toBeLessThan(1e-4);

    // train.py --init reads a graph back into one network: a mix is not one, so it says so.
    const init = py([
      '-c',
      `import sys; sys.path.insert(0, '${join(ROOT, 'models/train/colorizer')}')
from model import Colorizer; from onnx_weights import load_onnx_into
load_onnx_into(Colorizer(${prior.length}, extra_blocks=1), '${biased}')`,
    ]);
    expect(init.status).not.toBe(0);
    expect(init.stderr).toContain(`${biased}: a logit_mix.py graph`);

    // A model whose bins are other colours (B's manifest with its first bin moved).
    const man = JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8'));
    man.bins[0] = [man.bins[0][0] + 10, man.bins[0][1]];
    const other = join(dir, 'other.onnx');
    copyFileSync(b, other);
    writeFileSync(join(dir, 'other.json'), JSON.stringify(man));
    const bad = join(dir, 'bad.onnx');
    refusedInOneLine([SHIPPED, other], other, bad);
    expect(existsSync(bad)).toBe(false);
    refusedInOneLine([SHIPPED, b], b, b);
    expect(readFileSync(join(dir, 'b.json'), 'utf8')).not.toContain('logitMix');
  }, 180_000);
});
