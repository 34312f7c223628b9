import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadImage } from '../../src-main/engine/image/read-image.js';
import { Segmenter } from '../../src-main/engine/models/segmenter-model.js';
import { labelsAtFullResolution } from '../../src-main/engine/segmentation/full-resolution.js';
import { segmentImage } from '../../src-main/engine/segmentation/segment-image.js';
import { tinct } from '../helpers/cli.js';
import { writeGreyJpeg } from '../helpers/images.js';
import { ROOT, TINY_MODEL, tempDir } from '../helpers/paths.js';

const TINY_SEGMENTER = join(ROOT, 'test', 'fixtures', 'tiny-segmenter.onnx');
const dir = tempDir('tinct-seg-');
const photo = join(dir, 'photo.jpg');
const model = ['--model', TINY_SEGMENTER];

async function read16(path: string): Promise<{ data: Uint16Array; width: number; height: number; depth?: string }> {
  const meta = await sharp(path).metadata();
  const { data, info } = await sharp(path)
    .toColourspace('grey16')
    .raw({ depth: 'ushort' })
    .toBuffer({ resolveWithObject: true });
  return {
    data: new Uint16Array(data.buffer, data.byteOffset, data.length / 2),
    width: info.width,
    height: info.height,
    depth: meta.depth,
  };
}

beforeAll(async () => {
  await writeGreyJpeg(photo, 301, 203); // odd, non-square size: nothing may assume multiples
});

describe('tinct segment', () => {
  it('writes a 16-bit label map of the full size, every pixel labelled 1..N, and the UCM', async () => {
    const out = join(dir, 'labels.png'),
      ucm = join(dir, 'ucm.png');
    const r = tinct(['segment', photo, '-o', out, '--ucm', ucm, '--working-size', '128', '--json', ...model]);
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    const line = JSON.parse(r.stdout.trim());
    expect(line).toMatchObject({ ok: true, width: 301, height: 203, workingWidth: 128, workingHeight: 86 });
    const labels = await read16(out);
    expect([labels.width, labels.height, labels.depth]).toEqual([301, 203, 'ushort']);
    const used = new Set(labels.data);
    expect(used.has(0)).toBe(false);
    expect(used.size).toBe(line.regions);
    expect(Math.max(...used)).toBe(line.regions);

    // Exactly the engine's labels: nearest neighbour of the working labels at the chosen level.
    const seg = await Segmenter.load(TINY_SEGMENTER);
    const s = await segmentImage(await loadImage(photo), seg, { workingSize: 128 });
    await seg.release();
    const expected = labelsAtFullResolution(s.hierarchy, line.level, 301, 203);
    expect(Array.from(labels.data)).toEqual(Array.from(expected.labels));

    const u = await read16(ucm);
    expect([u.width, u.height, u.depth]).toEqual([301, 203, 'ushort']);
    // The label map's borders are where the UCM is above the level.
    const t = Math.round(line.level * 65535);
    for (let p = 0; p < 301 * 203; p++) {
      const x = p % 301,
        y = Math.floor(p / 301);
      const border =
        (x + 1 < 301 && labels.data[p + 1] !== labels.data[p]) ||
        (y + 1 < 203 && labels.data[p + 301] !== labels.data[p]);
      if (border !== u.data[p] > t)
        throw new Error(`pixel ${x},${y}: border ${border}, ucm ${u.data[p]} vs level ${t}`);
    }
  });

  it('--regions N gives at most N regions; --level 1 gives one', async () => {
    const out = join(dir, 'n.png');
    const r = tinct(['segment', photo, '-o', out, '--regions', '5', '--json', ...model]);
    expect(r.code).toBe(0);
    const line = JSON.parse(r.stdout.trim());
    expect(line.regions).toBeGreaterThanOrEqual(1);
    expect(line.regions).toBeLessThanOrEqual(5);
    expect(new Set((await read16(out)).data).size).toBe(line.regions);
    expect(
      JSON.parse(tinct(['segment', photo, '-o', out, '--level', '1', '--overwrite', '--json', ...model]).stdout)
        .regions,
    ).toBe(1);
  });

  it('refuses to overwrite an existing output unless --overwrite, and never the input', () => {
    const out = join(dir, 'exists.png');
    writeFileSync(out, 'keep me');
    const r = tinct(['segment', photo, '-o', out, ...model]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/exists\.png: already exists/);
    expect(tinct(['segment', photo, '-o', out, '--overwrite', ...model]).code).toBe(0);
    const png = join(dir, 'self.png');
    writeFileSync(png, 'x');
    const self = tinct(['segment', png, '-o', png, '--overwrite', ...model]);
    expect(self.code).toBe(1);
    expect(self.stderr).toMatch(/would overwrite the input/);
  });

  it('exits 2 on bad usage', () => {
    const out = join(dir, 'u.png');
    expect(tinct(['segment', photo]).code).toBe(2); // no -o
    expect(tinct(['segment', photo, '-o', join(dir, 'u.jpg'), ...model]).code).toBe(2); // not a 16-bit format
    expect(tinct(['segment', photo, '-o', out, '--level', '1.5', ...model]).code).toBe(2);
    expect(tinct(['segment', photo, '-o', out, '--regions', '0', ...model]).code).toBe(2);
    expect(tinct(['segment', photo, '-o', out, '--level', '0.3', '--regions', '4', ...model]).code).toBe(2);
    expect(tinct(['segment', photo, 'other.jpg', '-o', out, ...model]).code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });
});

describe('tinct segment: bad input gets one line naming the file and the reason, exit 1, no output', () => {
  const cases: [string, () => Promise<string>, RegExp, string[]?][] = [
    ['a missing file', async () => join(dir, 'missing.jpg'), /no such file/],
    [
      'a folder',
      async () => {
        const d = join(dir, 'folder');
        mkdirSync(d, { recursive: true });
        return d;
      },
      /is a folder/,
    ],
    [
      'an empty file',
      async () => {
        const p = join(dir, 'zero.jpg');
        await writeFile(p, Buffer.alloc(0));
        return p;
      },
      /empty file/,
    ],
    [
      'a truncated JPEG',
      async () => {
        const p = join(dir, 'truncated.jpg');
        const b = await readFile(photo);
        await writeFile(p, b.subarray(0, b.length >> 1));
        return p;
      },
      /corrupt or truncated/,
    ],
    [
      'a text file',
      async () => {
        const p = join(dir, 'text.jpg');
        await writeFile(p, 'this is not a photo\n');
        return p;
      },
      /not an image Tinct can read/,
    ],
    [
      'an image over --max-pixels',
      async () => {
        const p = join(dir, 'big.png');
        await sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#808080' } })
          .png()
          .toFile(p);
        return p;
      },
      /over the pixel limit of 5 MP/,
      ['--max-pixels', '5000000'],
    ],
  ];
  for (const [what, make, reason, extra] of cases) {
    it(`reports ${what}`, async () => {
      const input = await make();
      const outDir = tempDir('tinct-seg-bad-');
      const r = tinct([
        'segment',
        input,
        '-o',
        join(outDir, 'l.png'),
        '--ucm',
        join(outDir, 'u.png'),
        ...(extra ?? []),
        ...model,
      ]);
      expect(r.code).toBe(1);
      const lines = r.stderr.split('\n').filter((l) => l.includes('error'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(input);
      expect(lines[0]).toMatch(reason);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(readdirSync(outDir)).toEqual([]); // no partial or temporary files
    });
  }

  it('reports a model that is not a segmenter', () => {
    const r = tinct(['segment', photo, '-o', join(dir, 'm.png'), '--model', TINY_MODEL]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/is a colorizer manifest, a segmenter is needed/);
  });
});
