import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Colorizer } from '../../src-main/engine/models/colorizer-model.js';
import { TINY_MODEL, tempDir } from '../helpers/paths.js';

const dir = tempDir();
const manifest = JSON.parse(readFileSync(TINY_MODEL.replace(/\.onnx$/, '.json'), 'utf8'));

/** A copy of the tiny model under `name`, with its manifest changed by `edit`. */
function variant(name: string, edit: (m: Record<string, unknown>) => void = () => {}, onnx?: Buffer): string {
  const p = join(dir, `${name}.onnx`);
  if (onnx) writeFileSync(p, onnx);
  else copyFileSync(TINY_MODEL, p);
  const m = structuredClone(manifest);
  edit(m);
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(m));
  return p;
}

describe('loading a colorizer', () => {
  it('loads a model that matches its manifest', async () => {
    const model = await Colorizer.load(TINY_MODEL);
    expect(model.Q).toBe(manifest.bins.length);
    expect(model.device).toBe('cpu');
    await model.release();
  });

  const cases: [string, () => string, RegExp][] = [
    ['a missing model file', () => join(dir, 'nope.onnx'), /nope\.onnx: model file not found/],
    ['a folder instead of the model file', () => dir, /: is a folder: name the \.onnx file in it$/],
    [
      // Without its manifest, 197 logits are no kind Tinct can guess (313 would be Zhang et al.'s).
      'a model whose manifest is missing and whose graph fits no kind',
      () => {
        const p = join(dir, 'lonely.onnx');
        copyFileSync(TINY_MODEL, p);
        return p;
      },
      /lonely\.onnx: fits no colorizer kind \(197 output channels\): it has input "L" \[1,1,H,W\]/,
    ],
    [
      'a corrupt ONNX file',
      () => variant('corrupt', undefined, Buffer.from('not a model at all')),
      /corrupt\.onnx: not a valid ONNX model/,
    ],
    [
      'a manifest whose bins do not match the output',
      () =>
        variant('fewbins', (m) => {
          m.bins = (m.bins as unknown[]).slice(0, 10);
          m.prior = undefined;
        }),
      /has 197 output channels but its manifest gives 10 bins/,
    ],
    [
      'a manifest with the wrong stride',
      () =>
        variant('stride', (m) => {
          (m.output as { stride: number }).stride = 8;
        }),
      /stride 8/,
    ],
    [
      'a manifest naming another input',
      () =>
        variant('input', (m) => {
          (m.input as { name: string }).name = 'gray';
        }),
      /no input "gray"/,
    ],
    [
      'a segmenter manifest',
      () =>
        variant('kind', (m) => {
          m.kind = 'segmenter';
        }),
      /is a segmenter manifest/,
    ],
    [
      'an invalid manifest',
      () =>
        variant('invalid', (m) => {
          m.multipleOf = -3;
        }),
      /manifest is invalid: multipleOf/,
    ],
  ];
  for (const [what, make, message] of cases) {
    it(`refuses ${what} with a clear message`, async () => {
      const p = make();
      await expect(Colorizer.load(p)).rejects.toThrow(message);
    });
  }

  it('falls back to the CPU with a notice when a GPU provider is missing', async () => {
    const model = await Colorizer.load(TINY_MODEL, 'cuda');
    expect(model.device).toBe('cpu');
    expect(model.notice).toMatch(/cuda is not available.*using the CPU/);
    await model.release();
  });
});
