import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { loadImage } from '../../src-main/engine/image/read-image.js';
import { writeImage } from '../../src-main/engine/image/write-image.js';
import { rgbToLab } from '../../src-main/engine/colour/lab.js';
import { readSamples, writeGreyPng16 } from '../helpers/images.js';
import { tempDir } from '../helpers/paths.js';

const dir = tempDir();

describe('loading photos', () => {
  it('applies the EXIF orientation', async () => {
    // 40×20 stored, orientation 6 (rotate 90° clockwise to view): shown as 20×40.
    const p = join(dir, 'rotated.jpg');
    const px = Buffer.alloc(40 * 20 * 3, 0);
    // white stripe at the left
    for (let y = 0; y < 20; y++) for (let x = 0; x < 4; x++) px.fill(255, (y * 40 + x) * 3, (y * 40 + x) * 3 + 3);
    await sharp(px, { raw: { width: 40, height: 20, channels: 3 } })
      .withMetadata({ orientation: 6 })
      .jpeg({ quality: 100 })
      .toFile(p);
    const img = await loadImage(p);
    expect([img.width, img.height]).toEqual([20, 40]);
    // Stored left column -> top row once rotated clockwise.
    expect(img.L[10]).toBeGreaterThan(90);
    expect(img.L[39 * 20 + 10]).toBeLessThan(10);
  });

  it('keeps 16-bit precision from a 16-bit PNG to a 16-bit TIFF', async () => {
    const src = join(dir, 'ramp16.png');
    const px = await writeGreyPng16(src, 256, 16);
    const img = await loadImage(src);
    expect(img.bitDepth).toBe(16);
    const out = join(dir, 'ramp16.tif');
    await writeImage(
      out,
      { ...img, a: new Float32Array(img.L.length), b: new Float32Array(img.L.length) },
      { format: 'tiff', bits: 16 },
    );
    const { samples, info } = await readSamples(out);
    let maxErr = 0;
    const distinct = new Set<number>();
    for (let i = 0; i < px.length; i++) {
      maxErr = Math.max(maxErr, Math.abs(samples[i * info.channels] - px[i]));
      distinct.add(samples[i * info.channels]);
    }
    expect(maxErr).toBeLessThanOrEqual(2); // of 65535: far below one 8-bit step (257)
    expect(distinct.size).toBeGreaterThan(3000); // 8 bits would give at most 256
  });

  it('reduces a sepia-toned scan to its lightness', async () => {
    const p = join(dir, 'sepia.png');
    const w = 32,
      h = 8,
      px = Buffer.alloc(w * h * 3);
    for (let i = 0; i < w * h; i++) {
      const t = (i % w) / (w - 1);
      px[i * 3] = Math.round(60 + 180 * t);
      px[i * 3 + 1] = Math.round(40 + 160 * t);
      px[i * 3 + 2] = Math.round(20 + 120 * t);
    }
    await sharp(px, { raw: { width: w, height: h, channels: 3 } })
      .png()
      .toFile(p);
    const img = await loadImage(p);
    for (let x = 0; x < w; x++) {
      const want = rgbToLab(px[x * 3] / 255, px[x * 3 + 1] / 255, px[x * 3 + 2] / 255)[0];
      expect(Math.abs(img.L[x] - want)).toBeLessThan(0.05);
    }
  });

  it('keeps alpha aside and restores it on export', async () => {
    const p = join(dir, 'alpha.png');
    await sharp({ create: { width: 16, height: 16, channels: 4, background: { r: 120, g: 120, b: 120, alpha: 0.5 } } })
      .png()
      .toFile(p);
    const img = await loadImage(p);
    expect(img.alpha).not.toBeNull();
    expect(img.alpha![0]).toBeCloseTo(128 / 255, 2);
    const out = join(dir, 'alpha-out.png');
    await writeImage(
      out,
      { ...img, a: new Float32Array(256).fill(20), b: new Float32Array(256) },
      { format: 'png', bits: 8 },
    );
    const meta = await sharp(out).metadata();
    expect(meta.hasAlpha).toBe(true);
    const { samples } = await readSamples(out);
    expect(samples[3]).toBe(128);
  });

  it('honours an embedded profile on a 16-bit colour source (lightness within 0.1)', async () => {
    const p = join(dir, 'colour16.tif');
    const w = 8,
      h = 1,
      px = new Uint16Array(w * 3);
    const colours = [
      [65535, 0, 0],
      [0, 65535, 0],
      [0, 0, 65535],
      [40000, 30000, 10000],
      [1000, 20000, 50000],
      [30000, 30000, 30000],
      [65535, 65535, 0],
      [12345, 54321, 33333],
    ];
    colours.forEach((c, i) => px.set(c, i * 3));
    // Written by Tinct's own exporter: 16-bit with the sRGB profile attached.
    const L = new Float32Array(w),
      a = new Float32Array(w),
      b = new Float32Array(w);
    colours.forEach((c, i) => {
      [L[i], a[i], b[i]] = rgbToLab(c[0] / 65535, c[1] / 65535, c[2] / 65535);
    });
    await writeImage(p, { width: w, height: h, L, a, b, alpha: null }, { format: 'tiff', bits: 16 });
    expect((await sharp(p).metadata()).icc).toBeDefined();
    const img = await loadImage(p);
    for (let i = 0; i < w; i++) expect(Math.abs(img.L[i] - L[i])).toBeLessThan(0.1);
  });

  it('says so when a colour or toned photo is reduced to its lightness, and not for a grey one', async () => {
    const W = 64,
      H = 48;
    const make = async (name: string, pixel: (x: number, y: number) => [number, number, number]) => {
      const px = Buffer.alloc(W * H * 3);
      for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) px.set(pixel(x, y), (y * W + x) * 3);
      const p = join(dir, name);
      await sharp(px, { raw: { width: W, height: H, channels: 3 } })
        .png()
        .toFile(p);
      return (await loadImage(p)).notes;
    };
    const v = (x: number, y: number) => Math.round(40 + (160 * (x + y)) / (W + H));
    // Left half red, right half green: colour.
    expect(
      await make('colour.png', (x, y) =>
        x < W / 2 ? [v(x, y) + 60, v(x, y), v(x, y)] : [v(x, y), v(x, y) + 60, v(x, y)],
      ),
    ).toEqual(['Tinct colours from the lightness; the original colours are set aside']);
    // One warm tint everywhere (a sepia print): toned.
    expect(await make('sepia.png', (x, y) => [v(x, y) + 30, v(x, y) + 12, v(x, y) - 15])).toEqual([
      expect.stringMatching(/^a toned \(sepia-like\) print/),
    ]);
    // Grey saved as RGB, with a little noise: nothing to say.
    expect(
      await make('grey.png', (x, y) => {
        const g = v(x, y) + ((x * 7 + y * 3) % 3);
        return [g, g + ((x + y) % 2), g];
      }),
    ).toEqual([]);
  });
});
