/**
 * The export's fast path (both threads, bands of rows, upsampling and Lab -> sRGB in one pass,
 * the TIFF written straight to disk) must give the very file the one-thread path gives, and the
 * samples the plain whole-image functions give. A real photo (the coffee sample, enlarged so the
 * export upsamples from the preview), the shipped-format fixture models, regions from the segmenter.
 */
import { copyFile, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import sharp from 'sharp';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Colorizer } from '../../src-main/engine/models/colorizer-model.js';
import { EditSession } from '../../src-main/engine/session/edit-session.js';
import { colorizeFile } from '../../src-main/engine/session/colorize-file.js';
import { decodeAhead, loadImageOrAhead } from '../../src-main/engine/image/decode-ahead.js';
import { labToRgbSamples } from '../../src-main/engine/colour/lab-to-srgb.js';
import { jointBilateralUpsample } from '../../src-main/engine/upsample/joint-bilateral-upsample.js';
import {
  previewHelperReady,
  renderInBands,
  sharedFloat32,
  sharedUint16,
  startPreviewHelper,
} from '../../src-main/engine/preview/preview-threads.js';
import { loadSegmentFunction } from '../../src-main/engine/segmentation/segment-function.js';
import type { SegmentFunction } from '../../src-main/engine/session/edit-session.js';
import { readSamples } from '../helpers/images.js';
import { ROOT, TINY_MODEL, tempDir } from '../helpers/paths.js';

const dir = tempDir();
const photo = join(dir, 'coffee-large.jpg');
const withAlpha = join(dir, 'coffee-alpha.png');
let colorizer: Colorizer;
let segment: SegmentFunction | null;

beforeAll(async () => {
  const coffee = join(ROOT, 'resources', 'samples', 'coffee.png');
  // 1500×1000: the preview is 1024 wide, so the export upsamples; 1000 rows are 32 bands of 32 rows or fewer.
  await sharp(coffee).resize(1500, 1000).jpeg({ quality: 92 }).toFile(photo);
  const grey = await sharp(coffee).resize(1100, 733).raw().toBuffer();
  const rgba = Buffer.alloc(1100 * 733 * 2);
  for (let i = 0; i < 1100 * 733; i++) {
    rgba[2 * i] = grey[i];
    rgba[2 * i + 1] = (i * 7) % 256;
  }
  await sharp(rgba, { raw: { width: 1100, height: 733, channels: 2 } })
    .png()
    .toFile(withAlpha);
  segment = await loadSegmentFunction('cpu', undefined, join(ROOT, 'test', 'fixtures', 'tiny-segmenter.onnx'));
  colorizer = await Colorizer.load(TINY_MODEL);
  startPreviewHelper();
  for (let i = 0; i < 300 && !previewHelperReady(); i++) await new Promise((r) => setTimeout(r, 50));
}, 60_000);

afterEach(() => {
  delete process.env.TINCT_THREADS;
});

/** The same export made on two threads and on one (TINCT_THREADS=1): the two files' bytes. */
async function exportBoth(source: string, format: 'tiff' | 'png', bits: 8 | 16): Promise<[Buffer, Buffer]> {
  const session = await EditSession.open(source, { colorizer, segment });
  const doc = session.document();
  // A custom colour and a stroke, so the export carries more than the network's colours.
  const [W, H] = [session.width, session.height];
  session.setDocument({
    ...doc,
    regions: [{ point: [W / 3, H / 3], level: session.defaultLevel, ab: [30, 40] }],
    strokes: [
      {
        id: 's1',
        points: [
          [W * 0.6, H * 0.6],
          [W * 0.8, H * 0.7],
        ],
        radius: 20,
        ab: [-20, 30],
      },
    ],
  });
  const ext = format === 'tiff' ? 'tif' : 'png';
  expect(previewHelperReady()).toBe(true);
  await session.export(join(dir, `two.${ext}`), { format, bits });
  process.env.TINCT_THREADS = '1';
  expect(previewHelperReady()).toBe(false);
  await session.export(join(dir, `one.${ext}`), { format, bits });
  delete process.env.TINCT_THREADS;
  return [await readFile(join(dir, `two.${ext}`)), await readFile(join(dir, `one.${ext}`))];
}

describe('export on two threads', () => {
  it('writes the same 16-bit TIFF, byte for byte, as one thread', async () => {
    const [two, one] = await exportBoth(photo, 'tiff', 16);
    expect(two.equals(one)).toBe(true);
    const { meta, samples } = await readSamples(join(dir, 'two.tif'));
    expect([meta.width, meta.height, meta.depth, meta.channels]).toEqual([1500, 1000, 'ushort', 3]);
    expect(meta.icc).toBeDefined();
    expect(meta.xmpAsString).toMatch(/Tinct/);
    // Coloured, not grey: the test would pass trivially on a blank export otherwise.
    let chroma = 0;
    for (let i = 0; i < samples.length; i += 3) chroma += Math.abs(samples[i] - samples[i + 2]);
    expect(chroma / (samples.length / 3)).toBeGreaterThan(300);
  }, 60_000);

  it('writes the same 8-bit PNG with alpha as one thread', async () => {
    const [two, one] = await exportBoth(withAlpha, 'png', 8);
    expect(two.equals(one)).toBe(true);
    const { meta, samples } = await readSamples(join(dir, 'two.png'));
    expect(meta.channels).toBe(4);
    expect(samples[4 * 1234 + 3]).toBe((1234 * 7) % 256); // the source's alpha survives
  }, 60_000);

  it('does not keep the shared memory of past exports alive (the helper lets it go)', async () => {
    const session = await EditSession.open(photo, { colorizer });
    expect(previewHelperReady()).toBe(true);
    await session.export(join(dir, 'mem.tif'), { format: 'tiff', bits: 16 });
    // This thread's own garbage is collected before each reading, so what is left is what is kept
    // alive (without it the reading depends on when V8 last ran a collection: flaky under load).
    setFlagsFromString('--expose-gc');
    const collect = runInNewContext('gc') as () => void;
    collect();
    const before = process.memoryUsage().arrayBuffers;
    for (let k = 0; k < 8; k++) await session.export(join(dir, 'mem.tif'), { format: 'tiff', bits: 16 });
    // Each export shares 9 MB of samples with the helper; kept alive, 8 exports would add 72 MB.
    const perExport = 1500 * 1000 * 3 * 2;
    // The helper collects after it has said its bands are done, so on a starved CPU the last
    // export's buffers can still be held when this thread reads: read again for up to 5 s. Kept
    // alive for good, they never go, and the reading stays 72 MB up.
    let kept = Infinity;
    for (let t = 0; t < 50 && kept >= 3 * perExport; t++) {
      if (t) await new Promise((r) => setTimeout(r, 100));
      collect();
      kept = process.memoryUsage().arrayBuffers - before;
    }
    expect(kept).toBeLessThan(3 * perExport);
  }, 60_000);

  it('gives in bands the samples of the whole-image upsampling and conversion', async () => {
    // Odd sizes (650 rows: a short last band) and a real photo's lightness.
    const [W, H, w, h] = [1000, 650, 97, 61];
    const coffee = join(ROOT, 'resources', 'samples', 'coffee.png');
    const L = sharedFloat32(W * H);
    const big = await sharp(coffee).resize(W, H, { fit: 'fill' }).raw().toBuffer();
    for (let i = 0; i < W * H; i++) L[i] = (big[i] / 255) * 100;
    const low = await sharp(coffee).resize(w, h, { fit: 'fill' }).raw().toBuffer();
    const Llow = sharedFloat32(w * h),
      a = sharedFloat32(w * h),
      b = sharedFloat32(w * h);
    for (let i = 0; i < w * h; i++) {
      Llow[i] = (low[i] / 255) * 100;
      // Saturated colours too, so gamut mapping is part of what is compared.
      a[i] = 90 * Math.sin(i / 37);
      b[i] = 90 * Math.cos(i / 53);
    }
    const alpha = sharedFloat32(W * H).map((_, i) => (i % 101) / 100);
    const out = sharedUint16(W * H * 4);
    expect(previewHelperReady()).toBe(true);
    renderInBands(
      {
        kind: 'export',
        low: { width: w, height: h, L: Llow, a, b },
        full: { width: W, height: H, L, alpha },
        bits: 16,
        out,
      },
      H,
    );
    const [A, B] = jointBilateralUpsample(Llow, [a, b], w, h, L, W, H);
    const plain = labToRgbSamples({ width: W, height: H, L, a: A, b: B, alpha }, 16);
    expect(Buffer.from(out.buffer).equals(Buffer.from(plain.buffer))).toBe(true);
  });
});

describe('a batch decodes the next photo ahead', () => {
  it('uses the photo decoded ahead once, and reports its error on its own turn', async () => {
    const copy = join(dir, 'ahead.jpg');
    await copyFile(photo, copy);
    decodeAhead(copy);
    await new Promise((r) => setTimeout(r, 300));
    // Gone from disk: only the decode made ahead can still give the image.
    await rm(copy);
    const img = await loadImageOrAhead(copy);
    expect([img.width, img.height]).toEqual([1500, 1000]);
    await expect(loadImageOrAhead(copy)).rejects.toThrow(/ahead\.jpg: no such file/);

    // A bad next photo does not fail the current one; it fails when its turn comes, naming it.
    const bad = join(dir, 'bad.jpg');
    await copyFile(join(ROOT, 'package.json'), bad);
    const opts = { format: 'tiff' as const, bits: 16 as const };
    await colorizeFile(photo, join(dir, 'a.tif'), colorizer, { ...opts, next: bad });
    await expect(colorizeFile(bad, join(dir, 'b.tif'), colorizer, opts)).rejects.toThrow(/bad\.jpg: /);
  }, 60_000);

  it('gives the same file from a photo decoded ahead as from a fresh decode', async () => {
    const opts = { format: 'tiff' as const, bits: 16 as const };
    await colorizeFile(withAlpha, join(dir, 'first.tif'), colorizer, { ...opts, next: photo });
    await colorizeFile(photo, join(dir, 'ahead.tif'), colorizer, opts);
    await colorizeFile(photo, join(dir, 'fresh.tif'), colorizer, opts);
    const [ahead, fresh] = [await readFile(join(dir, 'ahead.tif')), await readFile(join(dir, 'fresh.tif'))];
    expect(ahead.equals(fresh)).toBe(true);
  }, 60_000);
});
