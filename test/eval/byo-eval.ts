/**
 * `npm run eval:byo`: how faithfully Tinct carries a brought model's colour through its pipeline,
 * and what its reading of the output costs. Each model colours a grey photo (L 70, 1 MP) through
 * colorizeFile (the CLI's path); for the fixtures of test/fixtures/byo, whose predicted colour is
 * known, it prints the mean ab of the result against it. For every model it prints the network's
 * own time and Tinct's (soft-encoding, resizing) per run, the median of 3.
 *
 *   npm run eval:byo [-- --model my.onnx --model other.onnx]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import sharp from 'sharp';
import { labToRgb, rgbToLab } from '../../src-main/engine/colour/lab.js';
import { Colorizer } from '../../src-main/engine/models/colorizer-model.js';
import { colorizeFile } from '../../src-main/engine/session/colorize-file.js';
import { reduceLightness } from '../../src-main/engine/session/stages.js';
import { PACKAGE_ROOT } from '../../src-main/engine/version.js';

const BYO = join(PACKAGE_ROOT, 'test', 'fixtures', 'byo');
const orange = rgbToLab(0.8, 0.5, 0.3);
const g = labToRgb(70, 0, 0)[0];
const shifted = rgbToLab(g + 0.3, g, g - 0.3);
/** The fixtures' colour at L 70 (make_byo_models.py). */
const KNOWN: Record<string, [number, number]> = {
  'zhang313.onnx': [40, 20],
  'zhang313-fixed64.onnx': [40, 20],
  'ab-rgb64.onnx': [-30, 25],
  'ab-l.onnx': [10, -40],
  'rgb-out.onnx': [orange[1], orange[2]],
  'rgb255.onnx': [orange[1], orange[2]],
  'rgb-imagenet.onnx': [shifted[1], shifted[2]],
};

const args = process.argv.slice(2);
const given = args.flatMap((a, i) => (a === '--model' ? [args[i + 1]] : []));
const models = given.length ? given : Object.keys(KNOWN).map((f) => join(BYO, f));

const dir = mkdtempSync(join(tmpdir(), 'tinct-byo-eval-'));
const photo = join(dir, 'grey70.png');
const [W, H] = [1224, 816];
const v = Math.round(labToRgb(70, 0, 0)[0] * 255);
await sharp({ create: { width: W, height: H, channels: 3, background: { r: v, g: v, b: v } } })
  .png()
  .toFile(photo);

const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const f1 = (x: number) => x.toFixed(1);
console.log(
  'model             kind           described by      expected ab     result ab       |Δab|  network ms  Tinct ms',
);
for (const path of models) {
  const model = await Colorizer.load(path);
  const out = join(dir, `${basename(path)}.tif`);
  await colorizeFile(photo, out, model, { format: 'tiff', bits: 16 });
  const { data, info } = await sharp(out, { ignoreIcc: true })
    .toColourspace('rgb16')
    .raw({ depth: 'ushort' })
    .toBuffer({ resolveWithObject: true });
  const px = new Uint16Array(data.buffer, data.byteOffset, data.length / 2);
  let sa = 0,
    sb = 0;
  const n = info.width * info.height;
  for (let i = 0; i < n; i++) {
    const j = i * info.channels;
    const [, a, b] = rgbToLab(px[j] / 65535, px[j + 1] / 65535, px[j + 2] / 65535);
    sa += a;
    sb += b;
  }
  const got: [number, number] = [sa / n, sb / n];
  const want = KNOWN[basename(path)];
  // The network alone vs Tinct's reading of its output, on the working image colorizeFile used.
  const work = reduceLightness({ L: new Float32Array(W * H).fill(70), width: W, height: H }, model.spec.inputSize);
  const run: number[] = [],
    read: number[] = [];
  for (let k = 0; k < 3; k++) {
    await model.logits(work.L, work.width, work.height);
    run.push(model.lastTimes.run);
    read.push(model.lastTimes.read);
  }
  console.log(
    [
      model.spec.name.padEnd(17),
      model.spec.kind.padEnd(14),
      model.spec.source.padEnd(17),
      (want ? `(${f1(want[0])}, ${f1(want[1])})` : '-').padEnd(15),
      `(${f1(got[0])}, ${f1(got[1])})`.padEnd(15),
      (want ? f1(Math.hypot(got[0] - want[0], got[1] - want[1])) : '-').padStart(5),
      f1(median(run)).padStart(11),
      f1(median(read)).padStart(9),
    ].join(' '),
  );
  await model.release();
}
rmSync(dir, { recursive: true, force: true });
