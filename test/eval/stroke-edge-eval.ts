/**
 * `npm run eval:stroke-edges [-- --images ../shared/data/bsds500/val/images
 *   --segs ../shared/data/bsds500/val/segs --limit 40]`
 *
 * How well brush strokes stop at thin edges (strokes/edge-barrier.ts):
 *  1. the leak: a 12 MP photo of one grey with a dark line 2 or 3 px wide, a stroke on one side;
 *     the mean ab change beyond the line against the change on the stroke's side, with and
 *     without the full-resolution L;
 *  2. with human segmentations: the barrier factor of solve-grid neighbours inside one segment
 *     (what a stroke should cross: 1 is best) and across segments, at cells of the photo's
 *     size / 96 and / 24 (BSDS500's photos are small: cells of 5 and 20 px).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { rgbToLab } from '../../src-main/engine/colour/lab.js';
import { edgeBarrier } from '../../src-main/engine/strokes/edge-barrier.js';
import { solveStrokeChange } from '../../src-main/engine/strokes/stroke-change.js';
import { fitLongSide, resizeArea } from '../../src-main/engine/upsample/resample.js';
import { flag } from '../helpers/flags.js';

function leak(lineWidth: number): { blind: [number, number]; seen: [number, number] } {
  const W = 4096,
    H = 3072,
    LINE = 2400;
  const L = new Float32Array(W * H).fill(60);
  for (let y = 0; y < H; y++) L.fill(12, y * W + LINE, y * W + LINE + lineWidth);
  const pw = 1024,
    ph = 768;
  const preview = { L: resizeArea(L, W, H, pw, ph), width: pw, height: ph };
  const zero = { a: new Float32Array(pw * ph), b: new Float32Array(pw * ph) };
  const stroke = {
    id: 's',
    points: [
      [1000, 1536],
      [1800, 1536],
    ] as [number, number][],
    radius: 96,
    ab: [60, 40] as [number, number],
  };
  const measure = (full?: { L: Float32Array; width: number; height: number }): [number, number] => {
    const c = solveStrokeChange(preview, zero, [stroke], pw / W, undefined, full)!;
    let near = 0,
      nearN = 0,
      far = 0,
      farN = 0;
    for (let y = 0; y < c.height; y++)
      for (let x = 0; x < c.width; x++) {
        const X = ((x + 0.5) * W) / c.width,
          d = Math.hypot(c.da[y * c.width + x], c.db[y * c.width + x]);
        if (X > 1960 && X < LINE - 160) {
          near += d;
          nearN++;
        } else if (X >= LINE + lineWidth + 160) {
          far += d;
          farN++;
        }
      }
    return [near / nearN, far / farN];
  };
  return { blind: measure(), seen: measure({ L, width: W, height: H }) };
}

async function segmentStats(images: string, segs: string, limit: number, grid: number) {
  let inside = 0,
    insideN = 0,
    insideLow = 0,
    across = 0,
    acrossN = 0;
  for (const f of readdirSync(images)
    .filter((f) => /\.jpe?g$/i.test(f))
    .sort()
    .slice(0, limit)) {
    const { data, info } = await sharp(join(images, f))
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    const W = info.width,
      H = info.height,
      ch = info.channels;
    const L = Float32Array.from(
      { length: W * H },
      (_, i) => rgbToLab(data[i * ch] / 255, data[i * ch + 1] / 255, data[i * ch + 2] / 255)[0],
    );
    const seg = readdirSync(segs).find((s) => s.startsWith(f.replace(/\.jpe?g$/i, '_')));
    if (!seg) continue;
    const s = await sharp(join(segs, seg)).toColourspace('grey16').raw({ depth: 'ushort' }).toBuffer();
    const labels = new Uint16Array(s.buffer, s.byteOffset, W * H);
    const { width: w, height: h } = fitLongSide(W, H, grid);
    const { right } = edgeBarrier(L, W, H, w, h);
    for (let cy = 0; cy < h; cy++)
      for (let cx = 0; cx + 1 < w; cx++) {
        const y = Math.floor(((cy + 0.5) * H) / h),
          x0 = Math.floor(((cx + 0.5) * W) / w),
          x1 = Math.floor(((cx + 1.5) * W) / w);
        let one = true;
        for (let x = x0; x <= x1; x++) if (labels[y * W + x] !== labels[y * W + x0]) one = false;
        const v = right[cy * w + cx];
        if (one) {
          inside += v;
          insideN++;
          if (v < 0.5) insideLow++;
        } else {
          across += v;
          acrossN++;
        }
      }
  }
  return { inside: inside / insideN, insideLow: insideLow / insideN, across: across / acrossN, insideN, acrossN };
}

for (const width of [2, 3]) {
  const { blind, seen } = leak(width);
  console.log(
    `a ${width} px line in a 12 MP photo: change beyond it ${blind[1].toFixed(1)} of ${blind[0].toFixed(1)} ` +
      `on the stroke's side (${((100 * blind[1]) / blind[0]).toFixed(0)} %) without the full-resolution L; ` +
      `${seen[1].toFixed(2)} of ${seen[0].toFixed(1)} (${((100 * seen[1]) / seen[0]).toFixed(1)} %) with it`,
  );
}
const images = flag('images'),
  segs = flag('segs');
if (images && segs) {
  const limit = Number(flag('limit', '40'));
  for (const grid of [96, 24]) {
    const r = await segmentStats(images, segs, limit, grid);
    console.log(
      `grid ${grid}: barrier inside one segment ${r.inside.toFixed(2)} ` +
        `(${(100 * r.insideLow).toFixed(0)} % of ${r.insideN} pairs under 0.5), ` +
        `across segments ${r.across.toFixed(2)} (${r.acrossN} pairs)`,
    );
  }
} else console.log('(--images and --segs with human segmentations add the barrier inside and across segments)');
