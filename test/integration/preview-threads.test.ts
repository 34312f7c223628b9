/**
 * The preview's two threads (preview-threads.ts) must only make an update faster: every update
 * rendered with the helper thread equals, byte for byte, the same update rendered on one thread.
 * Real photo (the coffee sample), the shipped-format fixture models, regions from the segmenter.
 */
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Colorizer } from '../../src-main/engine/models/colorizer-model.js';
import { EditSession } from '../../src-main/engine/session/edit-session.js';
import type { EditDocument } from '../../src-main/engine/document/edit-document.js';
import { previewHelperReady, startPreviewHelper } from '../../src-main/engine/preview/preview-threads.js';
import { loadSegmentFunction } from '../../src-main/engine/segmentation/segment-function.js';
import { ROOT, TINY_MODEL } from '../helpers/paths.js';

const PHOTO = join(ROOT, 'resources', 'samples', 'coffee.png');
let twoThreads: EditSession, oneThread: EditSession;

beforeAll(async () => {
  const segment = await loadSegmentFunction('cpu', undefined, join(ROOT, 'test', 'fixtures', 'tiny-segmenter.onnx'));
  const colorizer = await Colorizer.load(TINY_MODEL);
  twoThreads = await EditSession.open(PHOTO, { colorizer, segment });
  oneThread = await EditSession.open(PHOTO, { colorizer, segment });
  startPreviewHelper();
  for (let i = 0; i < 300 && !previewHelperReady(); i++) await new Promise((r) => setTimeout(r, 50));
}, 60_000);

afterEach(() => {
  delete process.env.TINCT_PREVIEW_THREADS;
});

/** The same document rendered on two threads and on one. */
function renderBoth(doc: EditDocument): [Uint8ClampedArray, Uint8ClampedArray] {
  expect(previewHelperReady()).toBe(true);
  twoThreads.setDocument(doc);
  const two = twoThreads.renderPreview().rgba;
  process.env.TINCT_PREVIEW_THREADS = '1';
  expect(previewHelperReady()).toBe(false);
  oneThread.setDocument(doc);
  const one = oneThread.renderPreview().rgba;
  delete process.env.TINCT_PREVIEW_THREADS;
  return [two, one];
}

describe('preview on two threads', () => {
  it('equals the one-thread preview for every kind of edit', () => {
    const base = twoThreads.document();
    const { width: W, height: H } = base.source;
    const level = twoThreads.defaultLevel;
    const region = twoThreads.regionAt(W / 2, H / 2)!;
    expect(region.swatches.length).toBeGreaterThan(0);
    const docs: [string, EditDocument][] = [
      ['default', base],
      [
        'consistency 0.4, temperature 0.5',
        { ...base, settings: { ...base.settings, consistency: 0.4, temperature: 0.5 } },
      ],
      ['a swatch', { ...base, regions: [{ point: [W / 2, H / 2], level, swatch: region.swatches.length - 1 }] }],
      ['a custom colour', { ...base, regions: [{ point: [W / 4, H / 4], level, ab: [40, -30] }] }],
      [
        'a stroke',
        {
          ...base,
          strokes: [
            {
              id: 's1',
              points: [
                [W * 0.3, H * 0.5],
                [W * 0.6, H * 0.55],
              ],
              radius: W / 50,
              ab: [-20, 35],
            },
          ],
        },
      ],
      [
        'a stroke and an eraser',
        {
          ...base,
          strokes: [
            {
              id: 's1',
              points: [
                [W * 0.3, H * 0.5],
                [W * 0.6, H * 0.55],
              ],
              radius: W / 50,
              ab: [-20, 35],
            },
            {
              id: 's2',
              points: [
                [W * 0.4, H * 0.5],
                [W * 0.45, H * 0.5],
              ],
              radius: W / 40,
              ab: null,
            },
          ],
        },
      ],
    ];
    let differing = 0;
    for (const [name, doc] of docs) {
      const [two, one] = renderBoth(doc);
      expect(two.length, name).toBe(one.length);
      let diff = 0;
      for (let i = 0; i < two.length; i++) if (two[i] !== one[i]) diff++;
      expect(diff, `${name}: samples that differ`).toBe(0);
      if (name !== 'default') differing += Number(!Buffer.from(two).equals(Buffer.from(renderBoth(base)[0])));
    }
    // The edits do change the picture (the comparison above is not between blank renders).
    expect(differing).toBe(docs.length - 1);
  });

  it('gives the stroke the colour it asks for under the brush, on the rows of either thread', () => {
    const base = twoThreads.document();
    const { width: W, height: H } = base.source;
    // One stroke across the middle, where the helper's rows (top half) meet the caller's.
    twoThreads.setDocument({
      ...base,
      strokes: [
        {
          id: 'v',
          points: [
            [W / 2, H * 0.3],
            [W / 2, H * 0.7],
          ],
          radius: W / 60,
          ab: [30, 30],
        },
      ],
    });
    for (const y of [0.35, 0.49, 0.51, 0.65]) expect(twoThreads.sampleColour(W / 2, H * y)).toEqual([30, 30]);
  });
});
