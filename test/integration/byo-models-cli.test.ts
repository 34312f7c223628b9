/**
 * Bring your own colorizer through the CLI: tiny models of each signature (make_byo_models.py)
 * each predict a known colour; a grey photo must come out with it.
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { labToRgb, rgbToLab } from '../../src-main/engine/colour/lab.js';
import { tinct } from '../helpers/cli.js';
import { readSamples } from '../helpers/images.js';
import { ROOT, tempDir } from '../helpers/paths.js';

const BYO = join(ROOT, 'test', 'fixtures', 'byo');
const dir = tempDir();
const photo = join(dir, 'grey70.png');
const L = 70;

/** Mean Lab of an output image. */
async function meanLab(path: string): Promise<[number, number, number]> {
  const { meta, info, samples } = await readSamples(path);
  const max = meta.depth === 'ushort' ? 65535 : 255;
  const sum = [0, 0, 0];
  const n = info.width * info.height;
  for (let i = 0; i < n; i++) {
    const j = i * info.channels;
    const lab = rgbToLab(samples[j] / max, samples[j + 1] / max, samples[j + 2] / max);
    for (let c = 0; c < 3; c++) sum[c] += lab[c];
  }
  return sum.map((s) => s / n) as [number, number, number];
}

const orange = rgbToLab(0.8, 0.5, 0.3);
const g = labToRgb(L, 0, 0)[0];
const shifted = rgbToLab(g + 0.3, g, g - 0.3);
// [model, what it predicts for a photo at L 70]
const cases: [string, [number, number]][] = [
  ['zhang313.onnx', [40, 20]], // a = 30 + 0.5 (L − 50): proves the Caffe model's data_l = L − 50
  ['zhang313-fixed64.onnx', [40, 20]], // fixed-size logits resized back to the photo's grid
  ['ab-rgb64.onnx', [-30, 25]],
  ['ab-l.onnx', [10, -40]],
  ['rgb-out.onnx', [orange[1], orange[2]]],
  ['rgb255.onnx', [orange[1], orange[2]]], // 0..255, as its manifest says
  ['rgb-imagenet.onnx', [shifted[1], shifted[2]]], // ImageNet-normalised in and out, per channel
];

beforeAll(async () => {
  const v = Math.round(labToRgb(L, 0, 0)[0] * 255);
  // Not square and not a multiple of anything, with a darker band so regions exist.
  const px = Buffer.alloc(150 * 97 * 3, v);
  for (let y = 60; y < 97; y++) px.fill(v - 6, y * 150 * 3, (y + 1) * 150 * 3);
  await sharp(px, { raw: { width: 150, height: 97, channels: 3 } })
    .png()
    .toFile(photo);
});

describe('tinct colorize --model with a model someone brings', () => {
  for (const [file, [a, b]] of cases) {
    it(`${file} colours a grey photo with the colour it predicts`, async () => {
      const out = join(dir, `${file}.tif`);
      const r = tinct(['colorize', photo, '-o', out, '--bits', '16', '--model', join(BYO, file), '--json']);
      expect(r.stderr).not.toMatch(/error/);
      expect(r.code).toBe(0);
      const [mL, ma, mb] = await meanLab(out);
      expect(Math.abs(ma - a), `a ${ma.toFixed(1)} vs ${a.toFixed(1)}`).toBeLessThan(3);
      expect(Math.abs(mb - b), `b ${mb.toFixed(1)} vs ${b.toFixed(1)}`).toBeLessThan(3);
      expect(Math.abs(mL - (L - 6 * (37 / 97) * 0.9))).toBeLessThan(3); // the photo's own L is kept
    });
  }

  it('says when a model gives one colour per pixel, and records the model in the project', () => {
    const out = join(dir, 'p.tif');
    const r = tinct(['colorize', photo, '-o', out, '--model', join(BYO, 'ab-l.onnx'), '--project']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/model ab-l: one colour per pixel \(ab\), no alternatives, described by graph/);
    const project = JSON.parse(readFileSync(join(dir, 'p.tinct'), 'utf8'));
    expect(project.model).toMatchObject({ name: 'ab-l', kind: 'ab', path: join(BYO, 'ab-l.onnx') });
  });

  it('colours with the model a project records when the project is given as hints', async () => {
    const out = join(dir, 'again.tif');
    const r = tinct(['colorize', photo, '-o', out, '--bits', '16', '--hints', join(dir, 'p.tinct')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/model ab-l: one colour per pixel/);
    const [, a, b] = await meanLab(out);
    expect(Math.abs(a - 10)).toBeLessThan(3);
    expect(Math.abs(b + 40)).toBeLessThan(3);
  });

  it('refuses a model that fits no kind with one line saying what it has and what was expected', () => {
    const r = tinct(['colorize', photo, '-o', join(dir, 'w.tif'), '--model', join(BYO, 'wrong-5ch.onnx')]);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(
        String.raw`wrong-5ch\.onnx: fits no colorizer kind \(5 output channels\): it has input "L" \[1,1,H,W\] ` +
          String.raw`and output "out" \[1,5,h,w\]; Tinct expected .*C = 2 \(ab\), 3 \(RGB\) or 313`,
      ),
    );
  });

  it('refuses a model with two inputs the same way', () => {
    const r = tinct(['colorize', photo, '-o', join(dir, 'w2.tif'), '--model', join(BYO, 'wrong-2in.onnx')]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /wrong-2in\.onnx: fits no colorizer kind \(2 inputs\): it has input "L" \[1,1,32,32\], "mask" \[1,1,32,32\]/,
    );
  });

  it('lets a manifest override the guess (RGB in 0..255), and guesses 0..1 without it', async () => {
    const bare = join(dir, 'bare');
    mkdirSync(bare);
    copyFileSync(join(BYO, 'rgb255.onnx'), join(bare, 'rgb255.onnx'));
    const out = join(dir, 'bare.tif');
    expect(tinct(['colorize', photo, '-o', out, '--model', join(bare, 'rgb255.onnx')]).code).toBe(0);
    // Read as 0..1, every value clips to white: no chroma, not the orange the manifest gives.
    const [, a, b] = await meanLab(out);
    expect(Math.hypot(a, b)).toBeLessThan(3);
  });
});

describe('tinct models', () => {
  it('lists the built-in model and the user folder’s with kind, input size and source', () => {
    const mine = tempDir();
    for (const f of ['zhang313.onnx', 'ab-rgb64.onnx', 'rgb255.onnx', 'rgb255.json', 'wrong-5ch.onnx']) {
      copyFileSync(join(BYO, f), join(mine, f));
    }
    const r = tinct(['models', '--json'], ROOT, { TINCT_MODELS_DIR: mine });
    expect(r.code).toBe(0);
    const { userDir, models } = JSON.parse(r.stdout);
    expect(userDir).toBe(mine);
    expect(models[0]).toMatchObject({ source: 'built-in', kind: 'distributions', alternatives: true });
    const byName = Object.fromEntries(models.slice(1).map((m: { name: string }) => [m.name, m]));
    expect(byName['ab-rgb64']).toMatchObject({
      source: 'user',
      kind: 'ab',
      inputSize: '64×64',
      alternatives: false,
      described: 'graph',
    });
    expect(byName.zhang313).toMatchObject({
      kind: 'distributions',
      inputSize: 'any (works at 256)',
      alternatives: true,
    });
    expect(byName['rgb255-test']).toMatchObject({ kind: 'rgb', described: 'manifest + graph' });
    expect(byName['wrong-5ch'].error).toMatch(/fits no colorizer kind/);
    const text = tinct(['models'], ROOT, { TINCT_MODELS_DIR: mine }).stdout;
    expect(text).toMatch(new RegExp(`models folder: ${mine}`));
    expect(text).toMatch(/ab-rgb64 {2}\[user\] {2}ab \(one colour\), input 64×64/);
  });
});
