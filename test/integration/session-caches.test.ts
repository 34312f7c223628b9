/**
 * The session's render caches (session/render-cache.ts, versions bumped by document-changes.ts):
 * whatever path of edits leads to a document — undo included — the preview equals the one a fresh
 * session renders for that document. A cache left stale by a missed version bump fails here.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Colorizer } from '../../src-main/engine/models/colorizer-model.js';
import { EditSession } from '../../src-main/engine/session/edit-session.js';
import type { EditDocument } from '../../src-main/engine/document/edit-document.js';
import { writeGreyJpeg } from '../helpers/images.js';
import { TINY_MODEL, tempDir } from '../helpers/paths.js';

const dir = tempDir();
const photo = join(dir, 'photo.jpg');
let model: Colorizer;
let opened: EditSession;

/** Four regions: the preview's quarters. */
function quarters(s: EditSession): Int32Array {
  const W = s.previewWidth,
    H = s.previewHeight;
  return Int32Array.from({ length: W * H }, (_, i) => Number(i % W >= W / 2) + 2 * Number(i / W >= H / 2));
}

function fresh(): EditSession {
  return EditSession.withLabels(opened, quarters(opened), 4);
}

beforeAll(async () => {
  await writeGreyJpeg(photo, 320, 200);
  model = await Colorizer.load(TINY_MODEL);
  opened = await EditSession.open(photo, { colorizer: model }, { previewSize: 160 });
});

describe('session render caches', () => {
  it('give, after any path of edits, the preview a fresh session renders for the same document', () => {
    const edited = fresh();
    const base = edited.document();
    const { width: W, height: H } = base.source;
    const stroke = {
      id: 's1',
      points: [
        [W * 0.2, H * 0.3],
        [W * 0.7, H * 0.6],
      ] as [number, number][],
      radius: W / 30,
      ab: [-25, 30] as [number, number],
    };
    const steps: [string, EditDocument][] = [
      ['consistency 0.3', { ...base, settings: { ...base.settings, consistency: 0.3 } }],
      ['temperature 0.6', { ...base, settings: { temperature: 0.6, consistency: 0.3 } }],
      ['a swatch', { ...base, regions: [{ point: [W * 0.25, H * 0.25], level: 0, swatch: 1 }] }],
      [
        'the swatch at another temperature',
        {
          ...base,
          settings: { ...base.settings, temperature: 0.9 },
          regions: [{ point: [W * 0.25, H * 0.25], level: 0, swatch: 1 }],
        },
      ],
      ['a custom colour', { ...base, regions: [{ point: [W * 0.75, H * 0.75], level: 0, ab: [30, 20] }] }],
      // Level 1 is not the pooling level: the label map is rebuilt with the chosen region laid over it.
      ['a choice at another level', { ...base, regions: [{ point: [W * 0.75, H * 0.25], level: 1, ab: [-30, -10] }] }],
      ['a stroke', { ...base, strokes: [stroke] }],
      ['the stroke moved', { ...base, strokes: [{ ...stroke, points: [[W * 0.5, H * 0.5]] as [number, number][] }] }],
      [
        'the stroke and consistency 0.5',
        { ...base, settings: { ...base.settings, consistency: 0.5 }, strokes: [stroke] },
      ],
      ['undo to the start', base],
    ];
    const seen = new Set<string>();
    for (const [name, doc] of steps) {
      edited.setDocument(doc);
      const reference = fresh();
      reference.setDocument(doc);
      const got = Buffer.from(edited.renderPreview().rgba);
      expect(got.equals(Buffer.from(reference.renderPreview().rgba)), name).toBe(true);
      expect(edited.sampleColour(W * 0.4, H * 0.45), name).toEqual(reference.sampleColour(W * 0.4, H * 0.45));
      seen.add(got.toString('base64'));
    }
    // The steps do change the picture, so the comparison above is not between equal renders.
    expect(seen.size).toBeGreaterThanOrEqual(steps.length - 2);
  });
});
