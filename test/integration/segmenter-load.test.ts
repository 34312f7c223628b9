import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Segmenter } from '../../src-main/engine/models/segmenter-model.js';
import { ROOT, TINY_MODEL, tempDir } from '../helpers/paths.js';

const TINY_SEGMENTER = join(ROOT, 'test', 'fixtures', 'tiny-segmenter.onnx');
const dir = tempDir('tinct-segload-');
const manifest = JSON.parse(readFileSync(TINY_SEGMENTER.replace(/\.onnx$/, '.json'), 'utf8'));

/** A copy of an ONNX file under `name`, with the tiny segmenter's manifest changed by `edit`. */
function variant(name: string, edit: (m: Record<string, unknown>) => void = () => {}, onnx = TINY_SEGMENTER): string {
  const p = join(dir, `${name}.onnx`);
  copyFileSync(onnx, p);
  const m = structuredClone(manifest);
  edit(m);
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(m));
  return p;
}

describe('loading a segmenter', () => {
  it('loads the tiny segmenter and gives a boundary probability per pixel of any size', async () => {
    const model = await Segmenter.load(TINY_SEGMENTER);
    const w = 37,
      h = 23,
      L = new Float32Array(w * h);
    for (let i = 0; i < L.length; i++) L[i] = i % w < 18 ? 20 : 80; // a vertical step at x = 18
    const b = await model.boundary(L, w, h);
    expect(b.length).toBe(w * h);
    expect(b[10 * w + 17]).toBeGreaterThan(0.9);
    expect(b[10 * w + 5]).toBeLessThan(0.1);
    expect(b[10 * w + w - 1]).toBeLessThan(0.1); // padding does not invent a boundary at the edge
    await model.release();
  });

  const cases: [string, () => string, RegExp][] = [
    ['a colorizer model', () => TINY_MODEL, /is a colorizer manifest, a segmenter is needed/],
    [
      'a stride other than 1',
      () =>
        variant('stride', (m) => {
          (m.output as { stride: number }).stride = 4;
        }),
      /stride must be 1/,
    ],
    [
      'a manifest naming another output',
      () =>
        variant('output', (m) => {
          (m.output as { name: string }).name = 'edges';
        }),
      /no output "edges"/,
    ],
    [
      'a colorizer network behind a segmenter manifest',
      () =>
        variant(
          'logits',
          (m) => {
            (m.output as { name: string }).name = 'logits';
          },
          TINY_MODEL,
        ),
      /has shape \[1,197,8,12\].*\[1,1,32,48\]/,
    ],
  ];
  for (const [what, make, message] of cases) {
    it(`refuses ${what} with a clear message`, async () => {
      await expect(Segmenter.load(make())).rejects.toThrow(message);
    });
  }
});
