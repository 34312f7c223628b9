/**
 * The bad-input catalogue (issue 7) for the engine and the CLI: every strange file either works
 * (with a note where something was dropped) or fails with one line naming the file and the
 * reason, with no partial output. The table of inputs and messages is written to
 * test-results/bad-input-catalogue.md for the record.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeAtomically } from '../../src-main/engine/image/atomic-write.js';
import { colorizeFile } from '../../src-main/engine/session/colorize-file.js';
import { Colorizer } from '../../src-main/engine/models/colorizer-model.js';
import { loadImage } from '../../src-main/engine/image/read-image.js';
import {
  AWKWARD_FOLDER,
  AWKWARD_NAME,
  NOT_AN_IMAGE_TEXT,
  bombPng,
  floatTiff,
  jpegWithOrientation,
  truncatedImage,
  writeAlphaPng,
  writeAnimated,
  writeCmykJpeg,
  writeFlatPng,
  writeGrey16Tiff,
} from '../helpers/crafted-files.js';
import { writeGreyJpeg } from '../helpers/images.js';
import { ROOT, TINY_MODEL, tempDir } from '../helpers/paths.js';

const dir = tempDir();
const table: [string, string][] = [];
let model: Colorizer;

/** Colourises `file`; returns 'ok' + notes, or the one-line error. */
async function attempt(file: string, what: string): Promise<string> {
  model ??= await Colorizer.load(TINY_MODEL);
  const outDir = join(dir, `out-${table.length}`);
  mkdirSync(outDir);
  let result: string;
  try {
    const r = await colorizeFile(file, join(outDir, 'result.tif'), model, { format: 'tiff' });
    result = `ok ${r.width}×${r.height}${r.notes.length ? ` (${r.notes.join('; ')})` : ''}`;
  } catch (err) {
    result = (err as Error).message;
    expect(result.split('\n')).toHaveLength(1);
    expect(readdirSync(outDir)).toEqual([]); // nothing half-written
  }
  table.push([what, result.replace(dir, '…')]);
  return result;
}

afterAll(() => {
  mkdirSync(join(ROOT, 'test-results'), { recursive: true });
  writeFileSync(
    join(ROOT, 'test-results', 'bad-input-catalogue.md'),
    '| input | result |\n|---|---|\n' +
      table.map(([a, b]) => `| ${a} | ${b.replace(/\|/g, '\\|')} |`).join('\n') +
      '\n',
  );
});

describe('bad input catalogue', () => {
  it('zero-byte file', async () => {
    const f = join(dir, 'zero.jpg');
    await writeFile(f, Buffer.alloc(0));
    expect(await attempt(f, 'zero-byte .jpg')).toMatch(/zero\.jpg: empty file/);
  });

  for (const [fmt, ext] of [
    ['jpeg', 'jpg'],
    ['png', 'png'],
    ['tiff', 'tif'],
  ] as const) {
    it(`truncated ${fmt}`, async () => {
      const f = join(dir, `truncated.${ext}`);
      await writeFile(f, await truncatedImage(fmt));
      expect(await attempt(f, `truncated ${fmt.toUpperCase()}`)).toMatch(
        new RegExp(`truncated\\.${ext}: (corrupt or truncated|cannot decode)`),
      );
    });
  }

  it('a text file named .jpg', async () => {
    const f = join(dir, 'notes.jpg');
    await writeFile(f, NOT_AN_IMAGE_TEXT);
    expect(await attempt(f, 'text file named .jpg')).toMatch(/notes\.jpg: not an image Tinct can read/);
  });

  it('1×1 and 1×10000 images colourise', async () => {
    const one = join(dir, 'one.png'),
      tall = join(dir, 'tall.png');
    await writeFlatPng(one, 1, 1);
    await writeFlatPng(tall, 1, 10000);
    expect(await attempt(one, '1×1 PNG')).toBe('ok 1×1');
    expect(await attempt(tall, '1×10000 PNG')).toBe('ok 1×10000');
  });

  it('a 30000×30000 PNG is refused from its header, before decoding', async () => {
    const f = join(dir, 'bomb.png');
    await writeFile(f, bombPng(30000, 30000));
    const t = performance.now();
    expect(await attempt(f, '30000×30000 PNG (decompression bomb)')).toMatch(
      /bomb\.png: 30000×30000 is 900\.0 MP, over the pixel limit of 100 MP/,
    );
    expect(performance.now() - t).toBeLessThan(2000);
  });

  it('CMYK JPEG', async () => {
    const f = join(dir, 'cmyk.jpg');
    await writeCmykJpeg(f);
    // The crafted CMYK photo has one tint: opened, with the note that its colours are set aside.
    expect(await attempt(f, 'CMYK JPEG')).toMatch(/^ok 60×40 \(.*colours from the lightness/);
  });

  it('16-bit and 32-bit float TIFF', async () => {
    const t16 = join(dir, 'grey16.tif');
    await writeGrey16Tiff(t16);
    expect(await attempt(t16, '16-bit TIFF')).toBe('ok 64×48');
    expect((await loadImage(t16)).bitDepth).toBe(16);
    const t32 = join(dir, 'float32.tif');
    await writeFile(
      t32,
      floatTiff(40, 30, (x) => x / 39),
    );
    expect(await attempt(t32, '32-bit float TIFF')).toBe('ok 40×30');
    const img = await loadImage(t32); // samples 0..1 left to right: black to white
    expect(img.L[0]).toBeLessThan(1);
    expect(img.L[39]).toBeGreaterThan(99);
  });

  it('image with alpha', async () => {
    const f = join(dir, 'alpha.png');
    await writeAlphaPng(f);
    expect(await attempt(f, 'PNG with alpha')).toBe('ok 30×30');
  });

  it('animated GIF and WebP: first frame, said so', async () => {
    for (const ext of ['gif', 'webp'] as const) {
      const f = join(dir, `anim.${ext}`);
      await writeAnimated(f, ext);
      expect(await attempt(f, `animated ${ext.toUpperCase()}`)).toMatch(
        /^ok 24×16 \(has 2 frames or pages: the first one is used(; .*colours from the lightness.*)?\)/,
      );
    }
  });

  it('a wrong EXIF orientation tag (9) is ignored, not fatal', async () => {
    const f = join(dir, 'orient9.jpg');
    await writeFile(f, await jpegWithOrientation(9));
    expect(await attempt(f, 'JPEG with EXIF orientation 9')).toMatch(/^ok /);
  });

  it('a path with spaces and non-ASCII characters', async () => {
    const sub = join(dir, AWKWARD_FOLDER);
    mkdirSync(sub);
    const f = join(sub, AWKWARD_NAME);
    await writeGreyJpeg(f, 50, 40);
    expect(await attempt(f, 'path with spaces and non-ASCII')).toBe('ok 50×40');
  });

  it('a full disk: the write fails cleanly and leaves no file', async () => {
    const target = join(dir, 'full', 'result.tif');
    mkdirSync(join(dir, 'full'));
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    await expect(
      writeAtomically(target, async (tmp) => {
        await writeFile(tmp, Buffer.alloc(1000));
        throw full;
      }),
    ).rejects.toThrow(/result\.tif: cannot write: the disk is full/);
    expect(readdirSync(join(dir, 'full'))).toEqual([]);
    table.push(['full disk (simulated ENOSPC mid-write)', '…/result.tif: cannot write: the disk is full']);
    // And the old file survives a failed overwrite.
    await writeFile(target, 'old');
    await expect(
      writeAtomically(target, async () => {
        throw full;
      }),
    ).rejects.toThrow(/disk is full/);
    expect(await readFile(target, 'utf8')).toBe('old');
  });
});
