import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { rgbToLab } from '../../src-main/engine/colour/lab.js';
import { tinct } from '../helpers/cli.js';
import { greyPixels, readSamples, writeGreyJpeg } from '../helpers/images.js';
import { TINY_MODEL, tempDir } from '../helpers/paths.js';

const dir = tempDir();
const photo = join(dir, 'photo.jpg');
const model = ['--model', TINY_MODEL];

beforeAll(async () => {
  await writeGreyJpeg(photo, 301, 203); // odd, non-square size: nothing may assume multiples
});

describe('tinct colorize', () => {
  it('writes a 16-bit sRGB TIFF of the full size whose lightness matches the input', async () => {
    const out = join(dir, 'out.tif');
    const r = tinct(['colorize', photo, '-o', out, '--bits', '16', ...model]);
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    const { meta, info, samples } = await readSamples(out);
    expect([meta.format, meta.width, meta.height, meta.depth]).toEqual(['tiff', 301, 203, 'ushort']);
    expect(meta.icc).toBeDefined();
    expect(meta.xmpAsString).toMatch(/Tinct/);
    // Lightness of the result vs lightness of the input, pixel by pixel.
    const { data: grey, info: gi } = await sharp(photo).raw().toBuffer({ resolveWithObject: true });
    let maxDiff = 0,
      chroma = 0;
    for (let i = 0; i < 301 * 203; i++) {
      const j = i * info.channels;
      const lab = rgbToLab(samples[j] / 65535, samples[j + 1] / 65535, samples[j + 2] / 65535);
      const k = i * gi.channels;
      const Lin = rgbToLab(grey[k] / 255, grey[k + 1] / 255, grey[k + 2] / 255)[0];
      // Out-of-gamut colours lose chroma, not lightness: L stays the input's.
      maxDiff = Math.max(maxDiff, Math.abs(lab[0] - Lin));
      chroma += Math.hypot(lab[1], lab[2]);
    }
    expect(maxDiff).toBeLessThan(0.5);
    expect(chroma / (301 * 203)).toBeGreaterThan(5); // it is coloured, not grey
  });

  it('writes PNG and JPEG by extension and prints one JSON line per file', async () => {
    const r = tinct(['colorize', photo, '-o', join(dir, 'o.png'), '--json', ...model]);
    expect(r.code).toBe(0);
    const line = JSON.parse(r.stdout.trim());
    expect(line).toMatchObject({ ok: true, width: 301, height: 203, bits: 8 });
    expect(line.times).toHaveProperty('network');
    expect((await sharp(join(dir, 'o.png')).metadata()).format).toBe('png');
    expect(tinct(['colorize', photo, '-o', join(dir, 'o.jpg'), ...model]).code).toBe(0);
    expect((await sharp(join(dir, 'o.jpg')).metadata()).format).toBe('jpeg');
  });

  it('refuses to overwrite an existing output unless --overwrite, and never an input', () => {
    const out = join(dir, 'exists.tif');
    writeFileSync(out, 'keep me');
    const r = tinct(['colorize', photo, '-o', out, ...model]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/exists\.tif: already exists/);
    expect(tinct(['colorize', photo, '-o', out, '--overwrite', ...model]).code).toBe(0);
    const self = tinct(['colorize', photo, '-o', photo, '--format', 'jpg', '--overwrite', ...model]);
    expect(self.code).toBe(1);
    expect(self.stderr).toMatch(/would overwrite an input/);
  });

  it('exits 2 on bad usage', () => {
    expect(tinct(['colorize', photo]).code).toBe(2); // no -o
    expect(tinct(['colorize', photo, '-o', join(dir, 'x.tif'), '--bits', '12']).code).toBe(2);
    expect(tinct(['colorize', photo, '-o', join(dir, 'x.tif'), '--temperature', '0']).code).toBe(2);
    expect(tinct(['colorize', photo, '-o', join(dir, 'x.jpg'), '--bits', '16']).code).toBe(2);
    expect(tinct(['frobnicate']).code).toBe(2);
  });

  it('colourises a folder into a folder', async () => {
    const inDir = join(dir, 'in');
    mkdirSync(inDir);
    await copyFile(photo, join(inDir, 'a.jpg'));
    await sharp(greyPixels(40, 30), { raw: { width: 40, height: 30, channels: 1 } })
      .png()
      .toFile(join(inDir, 'b.png'));
    const r = tinct(['colorize', inDir, '-o', join(dir, 'outdir'), '--format', 'png', ...model]);
    expect(r.code).toBe(0);
    expect(readdirSync(join(dir, 'outdir')).sort()).toEqual(['a.png', 'b.png']);
  });
});

describe('bad input: one line naming the file and the reason, no partial output, the batch goes on', () => {
  it('reports each bad file and still colourises the good one', async () => {
    const bad = join(dir, 'bad');
    mkdirSync(bad);
    const good = join(bad, 'good.jpg');
    await copyFile(photo, good);
    const zero = join(bad, 'zero.jpg');
    await writeFile(zero, Buffer.alloc(0));
    const truncated = join(bad, 'truncated.jpg');
    const bytes = await readFile(photo);
    await writeFile(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const text = join(bad, 'text.jpg');
    await writeFile(text, 'this is not a photo\n');
    const big = join(bad, 'big.png');
    await sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#808080' } })
      .png()
      .toFile(big);
    const emptyFolder = join(bad, 'empty');
    mkdirSync(emptyFolder);
    const missing = join(bad, 'missing.jpg');
    const outDir = join(dir, 'bad-out');

    const r = tinct([
      'colorize',
      missing,
      emptyFolder,
      zero,
      truncated,
      text,
      big,
      good,
      '-o',
      outDir,
      '--max-pixels',
      '5000000',
      ...model,
    ]);
    expect(r.code).toBe(1);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('tinct: error:'));
    const expectations: [string, RegExp][] = [
      [missing, /no such file/],
      [emptyFolder, /folder has no images/],
      [zero, /empty file/],
      [truncated, /corrupt or truncated/],
      [text, /not an image Tinct can read/],
      [big, /over the pixel limit of 5 MP/],
    ];
    for (const [file, reason] of expectations) {
      const line = lines.find((l) => l.includes(file));
      expect(line, `a line for ${file}`).toBeDefined();
      expect(line).toMatch(reason);
    }
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(r.stderr).toMatch(/7 inputs: 1 done, 0 skipped, 6 failed/);
    expect(readdirSync(outDir)).toEqual(['good.tif']); // no partial or temporary files
  });

  it('reports an unwritable output folder and leaves nothing behind', () => {
    // Root ignores file modes, so use a place no one may create files in.
    const unwritable =
      process.getuid?.() === 0
        ? '/sys'
        : (() => {
            const d = join(dir, 'ro');
            mkdirSync(d, { mode: 0o500 });
            return d;
          })();
    const r = tinct(['colorize', photo, '-o', join(unwritable, 'out.tif'), ...model]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/out\.tif: cannot write/);
    expect(
      r.stderr
        .trim()
        .split('\n')
        .filter((l) => l.includes('error:')).length,
    ).toBeGreaterThanOrEqual(1);
    expect(existsSync(join(unwritable, 'out.tif'))).toBe(false);
  });
});

describe('tinct colorize with edits', () => {
  it('applies a hints file and saves the project beside the result', async () => {
    const hints = join(dir, 'hints.json');
    await writeFile(
      hints,
      JSON.stringify({
        strokes: [
          {
            id: 's1',
            points: [
              [90, 180],
              [130, 180],
            ],
            radius: 8,
            ab: [40, -30],
          },
        ],
      }),
    );
    const out = join(dir, 'hinted.tif');
    const r = tinct(['colorize', photo, '-o', out, '--hints', hints, '--consistency', '0.3', '--project', ...model]);
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    const project = JSON.parse(await readFile(join(dir, 'hinted.tinct'), 'utf8'));
    expect(project.format).toBe('tinct-project/1');
    expect(project.document.settings.consistency).toBe(0.3);
    expect(project.document.strokes).toHaveLength(1);
    // Under the stroke the result has the stroke's colour.
    const { data, info } = await sharp(out, { ignoreIcc: true })
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    const i = (180 * info.width + 110) * info.channels; // mid-grey ramp: the colour is in gamut
    const [, a, b] = rgbToLab(data[i] / 255, data[i + 1] / 255, data[i + 2] / 255);
    expect(Math.hypot(a - 40, b + 30)).toBeLessThan(3); // 8-bit rounding
  });

  it('refuses a bad hints file as bad usage', async () => {
    const hints = join(dir, 'bad-hints.json');
    await writeFile(hints, JSON.stringify({ strokes: [{ id: 's1', points: [], radius: 8, ab: [60, -40] }] }));
    const r = tinct(['colorize', photo, '-o', join(dir, 'x2.tif'), '--hints', hints, ...model]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad-hints\.json: invalid hints: strokes\.0\.points/);
  });
});
