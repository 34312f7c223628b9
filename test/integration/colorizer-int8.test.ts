/**
 * The shipped colorizer with its weights stored as int8 (models/train/colorizer/quantize.py): a
 * quarter of the file, loaded by the engine as any model (its manifest copied beside it), and the
 * colours it decodes on a real photo stay within a fraction of an ab unit of the float model's.
 * Needs Debian's python3-onnx (`.ci/run` installs it); skips with a message where it is missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { annealedMean } from '../../src-main/engine/colour/annealed-mean.js';
import { loadImage } from '../../src-main/engine/image/read-image.js';
import { Colorizer } from '../../src-main/engine/models/colorizer-model.js';
import { reduceLightness } from '../../src-main/engine/session/stages.js';
import { ROOT, tempDir } from '../helpers/paths.js';

const PYTHON = process.env.TINCT_PYTHON ?? '/usr/bin/python3';
const hasOnnx = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import onnx'], { timeout: 60_000 }).status === 0;
if (!hasOnnx) console.warn(`int8 test skipped: ${PYTHON} has no onnx (apt-get install python3-onnx)`);

const SHIPPED = join(ROOT, 'models', 'colorizer.onnx');

describe.skipIf(!hasOnnx)('int8 weights (quantize.py)', () => {
  it('a quarter of the size, and the same colours on a real photo', async () => {
    const dir = tempDir('tinct-q8-');
    const out = join(dir, 'colorizer-q8.onnx');
    const r = spawnSync(PYTHON, ['models/train/colorizer/quantize.py', SHIPPED, out], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(statSync(out).size).toBeLessThan(statSync(SHIPPED).size * 0.3);
    expect(existsSync(join(dir, 'colorizer-q8.json'))).toBe(true);

    const [f32, q8] = await Promise.all([Colorizer.load(SHIPPED), Colorizer.load(out)]);
    const work = reduceLightness(await loadImage(join(ROOT, 'resources', 'samples', 'coffee.png')), 256);
    const decode = async (m: Colorizer) =>
      annealedMean(await m.logits(work.L, work.width, work.height), m.bins, m.defaultTemperature);
    const [a, b] = [await decode(f32), await decode(q8)];
    const d = Array.from(a.a, (_, i) => Math.hypot(a.a[i] - b.a[i], a.b[i] - b.b[i])).sort((x, y) => x - y);
    const chroma = Array.from(a.a, (_, i) => Math.hypot(a.a[i], a.b[i]));
    const meanChroma = chroma.reduce((s, v) => s + v, 0) / chroma.length;
    const mean = d.reduce((s, v) => s + v, 0) / d.length;
    const p99 = d[Math.floor(d.length * 0.99)];
    console.log(
      `int8: ${(statSync(out).size / 1e6).toFixed(1)} MB; on coffee.png |Δab| mean ${mean.toFixed(2)}, ` +
        `p99 ${p99.toFixed(2)}, max ${d[d.length - 1].toFixed(2)} (float chroma ${meanChroma.toFixed(1)})`,
    );
    expect(meanChroma).toBeGreaterThan(5); // a coloured result, so a small difference means something
    expect(mean).toBeLessThan(1);
    expect(p99).toBeLessThan(4);
    await Promise.all([f32.release(), q8.release()]);
  }, 120_000);
});
