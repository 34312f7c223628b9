import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { Colorizer } from '../../src-main/engine/models/colorizer-model.js';
import { EditSession } from '../../src-main/engine/session/edit-session.js';
import { rgbToLab } from '../../src-main/engine/colour/lab.js';
import { loadSegmentFunction } from '../../src-main/engine/segmentation/segment-function.js';
import { ROOT, TINY_MODEL, tempDir } from '../helpers/paths.js';

// Two flat objects on a ground: a bright square and a dark disc, with sharp edges.
const W = 320,
  H = 240;
let session: EditSession;

beforeAll(async () => {
  const px = new Uint8Array(W * H).fill(140);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      if (x > 30 && x < 130 && y > 60 && y < 180) px[y * W + x] = 230;
      if ((x - 230) ** 2 + (y - 120) ** 2 < 55 ** 2) px[y * W + x] = 40;
    }
  const photo = join(tempDir(), 'objects.png');
  await sharp(px, { raw: { width: W, height: H, channels: 1 } })
    .png()
    .toFile(photo);
  const segment = await loadSegmentFunction('cpu', undefined, join(ROOT, 'test', 'fixtures', 'tiny-segmenter.onnx'));
  session = await EditSession.open(
    photo,
    { colorizer: await Colorizer.load(TINY_MODEL), segment },
    { previewSize: 320 },
  );
});

describe("edit session with the segmenter's regions", () => {
  it('finds the object under a click, with its outline and swatches', () => {
    const r = session.regionAt(80, 120)!;
    expect(r).not.toBeNull();
    // The square is 99×119 px; the region under the click should be about it.
    expect(r.area).toBeGreaterThan(0.5 * 99 * 119);
    expect(r.area).toBeLessThan(2 * 99 * 119);
    expect(r.outline.length).toBeGreaterThan(0);
    expect(r.swatches.length).toBeGreaterThan(0);
    expect(r.swatches.length).toBeLessThanOrEqual(5);
    const masses = r.swatches.map((s) => s.mass);
    expect([...masses].sort((a, b) => b - a)).toEqual(masses); // best first
  });

  it('grows to a larger region and shrinks back at the same point', () => {
    const level = session.defaultLevel;
    const area = session.regionAt(80, 120, level)!.area;
    const up = session.parentLevel(level, 80, 120);
    expect(up).toBeGreaterThanOrEqual(level);
    expect(session.regionAt(80, 120, up)!.area).toBeGreaterThanOrEqual(area);
    const down = session.childLevel(up, 80, 120);
    expect(session.regionAt(80, 120, down)!.area).toBeLessThanOrEqual(session.regionAt(80, 120, up)!.area);
  });

  it('choosing a swatch colours the whole region with that mode', () => {
    const base = session.document();
    const r = session.regionAt(80, 120)!;
    const last = r.swatches.length - 1;
    session.setDocument({ ...base, regions: [{ point: [80, 120], level: r.level, swatch: last }] });
    expect(session.regionAt(80, 120)!.chosen).toBe(last);
    // The region takes the colour of the swatch the user saw, although a click selects at the
    // default level and colour is pooled at a coarser one.
    const [sa, sb] = r.swatches[last].ab;
    const [a, b] = session.sampleColour(80, 120);
    expect(Math.hypot(a - sa, b - sb)).toBeLessThan(10);
    // The swatch shows that colour as the preview paints it: its hue, at the region's lightness.
    const [, ra, rb] = rgbToLab(...(r.swatches[last].rgb.map((v) => v / 255) as [number, number, number]));
    expect(Math.abs(Math.atan2(rb, ra) - Math.atan2(sb, sa))).toBeLessThan(0.2);
    session.setDocument(base);
  });

  it('a custom colour is a hard constraint over the region', () => {
    const base = session.document();
    session.setDocument({ ...base, regions: [{ point: [80, 120], level: session.defaultLevel, ab: [30, -20] }] });
    expect(session.sampleColour(60, 100)).toEqual([30, -20]);
    expect(session.sampleColour(110, 160)).toEqual([30, -20]);
    session.setDocument(base);
  });

  it('the engine keeps one choice per region: a second click in the same region replaces the first', () => {
    const base = session.document();
    const level = session.defaultLevel;
    session.setDocument(session.withRegionChoice({ point: [80, 120], level, swatch: 0 }));
    // Another point of the same square, and a point on the disc.
    session.setDocument(session.withRegionChoice({ point: [60, 100], level, ab: [30, -20] }));
    expect(session.document().regions).toEqual([{ point: [60, 100], level, ab: [30, -20] }]);
    session.setDocument(session.withRegionChoice({ point: [230, 120], level, swatch: 0 }));
    expect(session.document().regions.map((c) => c.point)).toEqual([
      [60, 100],
      [230, 120],
    ]);
    // At another level the same point is another choice.
    const up = session.parentLevel(level, 80, 120);
    if (up !== level)
      expect(session.withRegionChoice({ point: [80, 120], level: up, swatch: 0 }).regions).toHaveLength(3);
    session.setDocument(base);
  });
});
