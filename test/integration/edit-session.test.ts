import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { Colorizer } from '../../src-main/engine/models/colorizer-model.js';
import { EditSession } from '../../src-main/engine/session/edit-session.js';
import { rgbToLab } from '../../src-main/engine/colour/lab.js';
import { writeGreyJpeg } from '../helpers/images.js';
import { TINY_MODEL, tempDir } from '../helpers/paths.js';

const dir = tempDir();
const photo = join(dir, 'photo.jpg');
let model: Colorizer;
let session: EditSession;

/** Two regions: left and right halves of the preview. */
function halves(s: EditSession): Int32Array {
  const W = s.previewWidth,
    H = s.previewHeight;
  return Int32Array.from({ length: W * H }, (_, i) => (i % W < W / 2 ? 0 : 1));
}

function abOf(rgba: Uint8ClampedArray, i: number): [number, number] {
  const lab = rgbToLab(rgba[4 * i] / 255, rgba[4 * i + 1] / 255, rgba[4 * i + 2] / 255);
  return [lab[1], lab[2]];
}

beforeAll(async () => {
  await writeGreyJpeg(photo, 320, 200);
  model = await Colorizer.load(TINY_MODEL);
  session = await EditSession.open(photo, { colorizer: model }, { previewSize: 160 });
});

describe('edit session', () => {
  it('renders a colourised preview at the preview size', () => {
    const p = session.renderPreview();
    expect([p.width, p.height]).toEqual([160, 100]);
    let chroma = 0;
    for (let i = 0; i < p.width * p.height; i++) chroma += Math.hypot(...abOf(p.rgba, i));
    expect(chroma / (p.width * p.height)).toBeGreaterThan(5);
    expect(session.regionAt(10, 10)).toBeNull(); // no segmenter: no regions
  });

  it('κ = 0 reproduces the per-pixel result exactly, whatever the regions', () => {
    const pooled = EditSession.withLabels(session, halves(session), 2);
    pooled.setDocument({ ...pooled.document(), settings: { temperature: 0.38, consistency: 0 } });
    const perPixel = session.renderPreview().rgba;
    const withRegions = pooled.renderPreview().rgba;
    let maxDiff = 0;
    for (let i = 0; i < perPixel.length; i++) maxDiff = Math.max(maxDiff, Math.abs(perPixel[i] - withRegions[i]));
    expect(maxDiff).toBeLessThanOrEqual(1); // one 8-bit step of rounding at most
  });

  it('κ = 1 gives each region one distribution, so far less colour variation inside it', () => {
    const pooled = EditSession.withLabels(session, halves(session), 2);
    const spread = (kappa: number) => {
      pooled.setDocument({ ...pooled.document(), settings: { temperature: 0.38, consistency: kappa } });
      // Spread of ab (before gamut mapping, which depends on L) inside the left half, away from its border.
      const vals: [number, number][] = [];
      for (let y = 10; y < 190; y += 6) for (let x = 10; x < 140; x += 6) vals.push(pooled.sampleColour(x, y));
      const ma = vals.reduce((s, v) => s + v[0], 0) / vals.length,
        mb = vals.reduce((s, v) => s + v[1], 0) / vals.length;
      return vals.reduce((s, v) => s + Math.hypot(v[0] - ma, v[1] - mb), 0) / vals.length;
    };
    const s0 = spread(0),
      s1 = spread(1);
    expect(s1).toBeLessThan(s0 / 3);
  });

  it('undoes through setDocument: the same document renders the same preview', () => {
    const before = session.document();
    const first = session.renderPreview().rgba;
    session.setDocument({ ...before, settings: { ...before.settings, temperature: 1 } });
    expect(Buffer.from(session.renderPreview().rgba).equals(Buffer.from(first))).toBe(false);
    session.setDocument(before);
    expect(Buffer.from(session.renderPreview().rgba).equals(Buffer.from(first))).toBe(true);
  });

  it('refuses an invalid document with a one-line message', () => {
    expect(() => session.setDocument({ ...session.document(), settings: { temperature: -1, consistency: 0 } })).toThrow(
      /photo\.jpg: invalid edit document: settings\.temperature/,
    );
  });

  it('exports at full resolution', async () => {
    const out = join(dir, 'out.tif');
    await session.export(out, { format: 'tiff', bits: 16 });
    const meta = await sharp(out).metadata();
    expect([meta.width, meta.height, meta.depth]).toEqual([320, 200, 'ushort']);
  });

  it('renders a full-resolution tile that matches the export there (crisp zoom)', async () => {
    const out = join(dir, 'tile-check.png');
    await session.export(out, { format: 'png', bits: 8 });
    const { data, info } = await sharp(out).raw().toBuffer({ resolveWithObject: true });
    const tile = session.renderTile({ x: 250, y: 150, width: 100, height: 80 }, 'colour');
    expect([tile.x, tile.y, tile.width, tile.height]).toEqual([250, 150, 70, 50]); // clipped to the 320×200 photo
    let maxDiff = 0;
    for (let r = 0; r < tile.height; r++)
      for (let c = 0; c < tile.width; c++) {
        for (let k = 0; k < 3; k++) {
          const exported = data[((tile.y + r) * info.width + tile.x + c) * info.channels + k];
          maxDiff = Math.max(maxDiff, Math.abs(exported - tile.rgba[(r * tile.width + c) * 4 + k]));
        }
      }
    expect(maxDiff).toBeLessThanOrEqual(1);
    const grey = session.renderTile({ x: 0, y: 0, width: 8, height: 8 }, 'grey');
    expect(Math.abs(grey.rgba[0] - grey.rgba[2])).toBeLessThanOrEqual(1);
  });
});
