/**
 * logit_mix.py: one graph whose logits are a weighted sum of colorizers' logits plus β times the
 * rebalancing log-prior. Checked through the engine against the shipped model's own logits: the
 * shipped model mixed with itself at weights ¼ + ¼ gives half its logits; alone at weight 1 with
 * β = −0.3 its logits plus −0.3 · log(½p̃ + ½/Q) for every bin at every pixel; a model whose bins
 * differ is refused in one line and nothing is written.
 * Needs Debian's python3-onnx (`.ci/run` installs it); skips with a message where it is missing.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadImage } from '../../src-main/engine/image/read-image.js';
import { Colorizer } from '../../src-main/engine/models/colorizer-model.js';
import { reduceLightness } from '../../src-main/engine/session/stages.js';
import { ROOT, tempDir } from '../helpers/paths.js';

const PYTHON = process.env.TINCT_PYTHON ?? '/usr/bin/python3';
const hasOnnx = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import onnx'], { timeout: 60_000 }).status === 0;
if (!hasOnnx) console.warn(`logit_mix test skipped: ${PYTHON} has no onnx (apt-get install python3-onnx)`);

const SHIPPED = join(ROOT, 'models', 'colorizer.onnx');
const MIX = 'models/train/colorizer/logit_mix.py';

function py(args: string[]) {
  return spawnSync(PYTHON, args, { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
}

describe.skipIf(!hasOnnx)('logit_mix.py', () => {
  it('sums weighted logits, adds the rebalancing bias, and refuses a model of other bins', async () => {
    const dir = tempDir('tinct-logit-mix-');
    const mixed = (args: string[], name: string) => {
      const out = join(dir, `${name}.onnx`);
      const r = py([MIX, ...args, '--out', out]);
      expect(r.status, r.stderr).toBe(0);
      return out;
    };
    const halves = mixed([`${SHIPPED}=0.25`, `${SHIPPED}=0.25`], 'halves');
    const biased = mixed([`${SHIPPED}=1`, '--beta', '-0.3'], 'biased');
    expect(JSON.parse(readFileSync(join(dir, 'biased.json'), 'utf8')).training.logitMix).toMatchObject({
      weights: [1],
      beta: -0.3,
    });

    const work = reduceLightness(await loadImage(join(ROOT, 'resources', 'samples', 'coffee.png')), 96);
    const models = await Promise.all([SHIPPED, halves, biased].map((p) => Colorizer.load(p)));
    const [own, half, bias] = await Promise.all(models.map((m) => m.logits(work.L, work.width, work.height)));
    await Promise.all(models.map((m) => m.release()));

    const pixels = own.width * own.height;
    let worstHalf = 0;
    own.data.forEach((v, i) => (worstHalf = Math.max(worstHalf, Math.abs(half.data[i] - 0.5 * v))));
    expect(worstHalf).toBeLessThan(1e-4);

    const prior: number[] = JSON.parse(readFileSync(SHIPPED.replace(/\.onnx$/, '.json'), 'utf8')).prior;
    const total = prior.reduce((s, p) => s + p, 0);
    let worstBias = 0;
    let spread = 0; // the bias differs between bins, so a constant shift would not pass
    for (let q = 0; q < own.Q; q++) {
      const want = -0.3 * Math.log(0.5 * (prior[q] / total) + 0.5 / own.Q);
      spread = Math.max(spread, Math.abs(want + 0.3 * Math.log(0.5 * (prior[0] / total) + 0.5 / own.Q)));
      for (const k of [0, pixels >> 1, pixels - 1]) {
        const i = q * pixels + k;
        worstBias = Math.max(worstBias, Math.abs(bias.data[i] - own.data[i] - want));
      }
    }
    expect(spread).toBeGreaterThan(0.3);
    expect(worstBias).toBeLessThan(1e-4);

    // A model whose bins are other colours (the same graph, its manifest's first bin moved).
    const other = join(dir, 'other.onnx');
    copyFileSync(SHIPPED, other);
    const man = JSON.parse(readFileSync(SHIPPED.replace(/\.onnx$/, '.json'), 'utf8'));
    man.bins[0] = [man.bins[0][0] + 10, man.bins[0][1]];
    writeFileSync(join(dir, 'other.json'), JSON.stringify(man));
    const refused = py([MIX, SHIPPED, other, '--out', join(dir, 'bad.onnx')]);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toContain(other);
    expect(existsSync(join(dir, 'bad.onnx'))).toBe(false);
  }, 180_000);
});
