/**
 * blend.py: the straight line between two exported colorizers of one architecture. At alpha 0
 * the engine gets A's logits, at 1 B's, in between a model between the two; a soup of several
 * (--weights) is their weighted mean, so B, B, A at 0.2, 0.3, 0.5 is the half blend, and its
 * manifest keeps the stages of every member; a graph of another storage (int8 weights) is refused
 * with a line naming it. B is the shipped model with its conv
 * weights moved by a seeded random amount (made here, so nothing but the shipped model is read).
 * Needs Debian's python3-onnx and python3-torch (`.ci/run` installs them); skips with a message where one is missing.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadImage } from '../../src-main/engine/image/read-image.js';
import { Colorizer } from '../../src-main/engine/models/colorizer-model.js';
import { reduceLightness } from '../../src-main/engine/session/stages.js';
import { ROOT, tempDir } from '../helpers/paths.js';
import { PYTHON, hasOnnxAndTorch, py, writePerturbedColorizer } from '../helpers/python-models.js';

if (!hasOnnxAndTorch)
  console.warn(`blend test skipped: ${PYTHON} lacks onnx or torch (apt-get install python3-onnx python3-torch)`);

const SHIPPED = join(ROOT, 'models', 'colorizer.onnx');
const BLEND = 'models/train/colorizer/blend.py';

describe.skipIf(!hasOnnxAndTorch)('blend.py', () => {
  it('alpha 0 is A, alpha 1 is B, 0.5 lies between, a soup weighs every member; int8 weights are refused', async () => {
    const dir = tempDir('tinct-blend-');
    const b = join(dir, 'b.onnx');
    writePerturbedColorizer(SHIPPED, b);
    // B's manifest as a stage trained from the shipped model would have it: one stage more.
    const bJson = join(dir, 'b.json');
    const bManifest = JSON.parse(readFileSync(bJson, 'utf8'));
    bManifest.training.stages.push({ run: 'perturbed', steps: 7, wallSeconds: 3 });
    writeFileSync(bJson, JSON.stringify(bManifest));
    const blended = (alpha: number) => {
      const out = join(dir, `blend-${alpha}.onnx`);
      const r = py([BLEND, SHIPPED, b, '--alpha', String(alpha), '--out', out]);
      expect(r.status, r.stderr).toBe(0);
      return out;
    };
    const paths = [SHIPPED, b, blended(0), blended(1), blended(0.5)];
    const manifest = JSON.parse(readFileSync(join(dir, 'blend-0.5.json'), 'utf8'));
    expect(manifest.onnx).toBe('blend-0.5.onnx');
    const shipped = JSON.parse(readFileSync(SHIPPED.replace(/\.onnx$/, '.json'), 'utf8'));
    expect(manifest.training.blend).toMatchObject({ alpha: 0.5 });
    expect(manifest.training.blend.with).toMatch(new RegExp(`^tinct-colorizer ${shipped.version}`));

    // A soup of three with B twice (0.2 + 0.3) is the same model as the half blend: every weight
    // counts. Its manifest (the last member's, the shipped one) gains B's stage, once, and its steps.
    const soup = join(dir, 'soup.onnx');
    const made = py([BLEND, b, b, SHIPPED, '--weights', '0.2', '0.3', '0.5', '--out', soup]);
    expect(made.status, made.stderr).toBe(0);
    paths.push(soup);
    const soupManifest = JSON.parse(readFileSync(join(dir, 'soup.json'), 'utf8'));
    expect(soupManifest.training.blend.of.map((m: { weight: number }) => m.weight)).toEqual([0.2, 0.3, 0.5]);
    const runs = (m: { training: { stages: { run: string }[] } }) => m.training.stages.map((st) => st.run);
    expect(runs(soupManifest)).toEqual([...runs(shipped).slice(0, -1), 'perturbed', runs(shipped).at(-1)]);
    expect(soupManifest.training.steps).toBe(shipped.training.steps + 7);
    const badSum = py([BLEND, SHIPPED, b, '--weights', '0.5', '0.4', '--out', join(dir, 'bad.onnx')]);
    expect(badSum.status).not.toBe(0);
    expect(badSum.stderr.trim().split('\n')).toHaveLength(1);
    expect(badSum.stderr).toContain('sum to 1');

    const work = reduceLightness(await loadImage(join(ROOT, 'resources', 'samples', 'coffee.png')), 128);
    const models = await Promise.all(paths.map((p) => Colorizer.load(p)));
    const [A, B, at0, at1, half, soupOf3] = await Promise.all(
      models.map(async (m) => (await m.logits(work.L, work.width, work.height)).data),
    );
    const dist = (x: Float32Array, y: Float32Array) => {
      let s = 0;
      for (let i = 0; i < x.length; i++) s += Math.abs(x[i] - y[i]);
      return s / x.length;
    };
    const ab = dist(A, B);
    console.log(
      `blend: mean |Δlogit| A–B ${ab.toFixed(3)}, half–A ${dist(half, A).toFixed(3)}, half–B ${dist(half, B).toFixed(3)}`,
    );
    expect(ab).toBeGreaterThan(0.2); // the perturbation made another model
    expect(dist(at0, A)).toBeLessThan(1e-5);
    expect(dist(at1, B)).toBeLessThan(1e-5);
    expect(dist(soupOf3, half)).toBeLessThan(1e-5);
    for (const d of [dist(half, A), dist(half, B)]) {
      expect(d).toBeGreaterThan(0.1 * ab);
      expect(d).toBeLessThan(0.9 * ab);
    }
    await Promise.all(models.map((m) => m.release()));

    const q8 = join(dir, 'q8.onnx');
    expect(py(['models/train/colorizer/quantize.py', SHIPPED, q8]).status).toBe(0);
    const refused = py([BLEND, SHIPPED, q8, '--alpha', '0.5', '--out', join(dir, 'bad.onnx')]);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toContain(q8);
    expect(existsSync(join(dir, 'bad.onnx'))).toBe(false);
  }, 180_000);
});
