/**
 * `npm run eval:seg -- --images <dir> --segs <dir> [--model m.onnx] [--working-size N] [--level t]
 *   [--limit N] [--out result.json]`
 *
 * Segments each photo through the same engine call as `tinct segment` (segmentImage, labels and
 * UCM mapped to the photo's size) and scores the hierarchy against every human segmentation of the
 * photo (<segs>/<id>_<k>.png, 16-bit label maps) with the BSDS500 measures of seg-metrics.ts:
 * segmentation covering, probabilistic Rand index, variation of information and (approximate)
 * boundary F, at the default level, at the best common level of each measure (ODS) and at the
 * best level per image (OIS). The level with the best covering (ODS) is the one to store in
 * src-main/engine/segmentation/defaults.ts.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import sharp from 'sharp';
import { loadImage } from '../../src-main/engine/image/read-image.js';
import { Segmenter } from '../../src-main/engine/models/segmenter-model.js';
import { DEFAULT_LEVEL } from '../../src-main/engine/segmentation/defaults.js';
import { ucmAtFullResolution, upsampleNearest } from '../../src-main/engine/segmentation/full-resolution.js';
import { segmentImage, type SegmentTimes } from '../../src-main/engine/segmentation/segment-image.js';
import { DEFAULT_SEGMENTER } from '../../src-main/engine/version.js';
import { boundaryCounts, fMeasure, regionMetrics, type LevelCounts } from './seg-metrics.js';
import { flag } from '../helpers/flags.js';

const imagesDir = flag('images'),
  segsDir = flag('segs');
if (!imagesDir || !segsDir) {
  console.error(
    'usage: npm run eval:seg -- --images <dir> --segs <dir> [--model m.onnx] [--working-size N] ' +
      '[--level t] [--limit N] [--out r.json]',
  );
  process.exit(2);
}
const modelPath = flag('model', DEFAULT_SEGMENTER)!;
const workingSize = flag('working-size') ? Number(flag('working-size')) : undefined;
const defaultLevel = Number(flag('level', String(DEFAULT_LEVEL)));
const limit = Number(flag('limit', '100000'));
const outPath = flag('out');
const minArea = flag('min-area') ? Number(flag('min-area')) : undefined;
const sigma = flag('sigma') ? Number(flag('sigma')) : undefined;
const smallArea = flag('small-area') ? Number(flag('small-area')) : undefined;
const scales = flag('scales') ? flag('scales')!.split(',').map(Number) : undefined;

// BSDS500's 99 thresholds, plus the default level so it is scored exactly.
const levels = [...new Set([...Array.from({ length: 99 }, (_, k) => (k + 1) / 100), defaultLevel])].sort(
  (a, b) => a - b,
);
const D = levels.indexOf(defaultLevel);

async function readLabels(path: string): Promise<{ data: Uint16Array; width: number; height: number }> {
  // grey16 end to end: any other route goes through sRGB and turns labels 1..N (tiny 16-bit values) into 0.
  const { data, info } = await sharp(path)
    .toColourspace('grey16')
    .raw({ depth: 'ushort' })
    .toBuffer({ resolveWithObject: true });
  return {
    data: new Uint16Array(data.buffer, data.byteOffset, data.length / 2),
    width: info.width,
    height: info.height,
  };
}

const ids = readdirSync(imagesDir)
  .filter((n) => /\.(jpe?g|png|tiff?)$/i.test(n))
  .sort()
  .slice(0, limit);
const segFiles = readdirSync(segsDir);
const model = await Segmenter.load(modelPath);
console.log(
  `model ${modelPath}; ${ids.length} images; working size ` +
    `${workingSize ?? model.manifest.inputSize}; levels 0.01..0.99 + default ${defaultLevel}`,
);

// The alternative to one threshold for all photos: the same number of regions in each.
const REGION_COUNTS = [3, 5, 8, 12, 16, 24, 32, 48];

interface PerImage {
  id: string;
  region: LevelCounts[];
  regions: number[];
  b: ReturnType<typeof boundaryCounts>;
  byCount: LevelCounts[];
}
const per: PerImage[] = [];
const timeSum: Record<string, number> = {};
for (const [n, name] of ids.entries()) {
  const id = basename(name, extname(name));
  const truthNames = segFiles.filter((f) => f.startsWith(`${id}_`) && f.endsWith('.png')).sort();
  if (truthNames.length === 0) {
    console.log(`${id}: no human segmentations, skipped`);
    continue;
  }
  const truths = await Promise.all(truthNames.map((f) => readLabels(join(segsDir, f))));
  const img = await loadImage(join(imagesDir, name));
  const times: SegmentTimes = {};
  const seg = await segmentImage(img, model, { workingSize, minArea, sigma, scales, smallArea }, times);
  for (const [k, v] of Object.entries(times)) timeSum[k] = (timeSum[k] ?? 0) + v;
  const { width: W, height: H, hierarchy: hier } = seg;
  for (const t of truths)
    if (t.width !== W || t.height !== H)
      throw new Error(`${id}: human segmentation is ${t.width}×${t.height}, the photo ${W}×${H}`);
  const leafFull = upsampleNearest(hier.leafLabels, hier.width, hier.height, W, H, (k) => new Int32Array(k));
  const region = regionMetrics(
    leafFull,
    hier.leaves,
    truths.map((t) => t.data),
    levels,
    (t) => hier.representatives(t),
  );
  const b = boundaryCounts(
    ucmAtFullResolution(hier, W, H),
    W,
    H,
    truths.map((t) => t.data),
    levels,
  );
  const byCount = regionMetrics(
    leafFull,
    hier.leaves,
    truths.map((t) => t.data),
    REGION_COUNTS.map((N) => hier.levelForRegions(N)),
    (t) => hier.representatives(t),
  );
  per.push({ id, region, regions: levels.map((t) => hier.regionsCount(t)), b, byCount });
  if ((n + 1) % 10 === 0 || n + 1 === ids.length) {
    const r = region[D];
    console.log(
      `${n + 1}/${ids.length} ${id}: ${hier.leaves} superpixels; at ${defaultLevel}: ` +
        `${hier.regionsCount(defaultLevel)} regions, covering ` +
        `${(r.coverNum / r.coverDen).toFixed(3)} PRI ${r.pri.toFixed(3)} VI ${r.vi.toFixed(3)}`,
    );
  }
}
await model.release();

// Dataset scores per level (ODS curves).
const I = per.length;
const sum = (f: (p: PerImage, k: number) => number) => levels.map((_, k) => per.reduce((s, p) => s + f(p, k), 0));
const covering = sum((p, k) => p.region[k].coverNum).map((v, k) => v / sum((p, j) => p.region[j].coverDen)[k]);
const pri = sum((p, k) => p.region[k].pri).map((v) => v / I);
const vi = sum((p, k) => p.region[k].vi).map((v) => v / I);
const regionsMean = sum((p, k) => p.regions[k]).map((v) => v / I);
const mm = sum((p, k) => p.b.machineMatched[k]),
  m = sum((p, k) => p.b.machine[k]);
const hm = sum((p, k) => p.b.humanMatched[k]),
  h = sum((p, k) => p.b.human[k]);
const P = levels.map((_, k) => (m[k] > 0 ? mm[k] / m[k] : 1)),
  R = levels.map((_, k) => hm[k] / h[k]);
const F = levels.map((_, k) => fMeasure(P[k], R[k]));
const argBest = (a: number[], better: (x: number, y: number) => boolean) =>
  a.reduce((b, v, k) => (better(v, a[b]) ? k : b), 0);
const kCov = argBest(covering, (x, y) => x > y),
  kPri = argBest(pri, (x, y) => x > y),
  kVi = argBest(vi, (x, y) => x < y),
  kF = argBest(F, (x, y) => x > y);

// OIS: each image at its own best level.
const oisCover = per.reduce(
  (s, p) => {
    const k = argBest(
      p.region.map((r) => r.coverNum / r.coverDen),
      (x, y) => x > y,
    );
    return [s[0] + p.region[k].coverNum, s[1] + p.region[k].coverDen];
  },
  [0, 0],
);
const oisPri = per.reduce((s, p) => s + Math.max(...p.region.map((r) => r.pri)), 0) / I;
const oisVi = per.reduce((s, p) => s + Math.min(...p.region.map((r) => r.vi)), 0) / I;
const oisF = (() => {
  let a = 0,
    b = 0,
    c = 0,
    d = 0;
  for (const p of per) {
    const f = levels.map((_, k) =>
      fMeasure(p.b.machine[k] > 0 ? p.b.machineMatched[k] / p.b.machine[k] : 1, p.b.humanMatched[k] / p.b.human[k]),
    );
    const k = argBest(f, (x, y) => x > y);
    a += p.b.machineMatched[k];
    b += p.b.machine[k];
    c += p.b.humanMatched[k];
    d += p.b.human[k];
  }
  return fMeasure(a / b, c / d);
})();

const row = (label: string, k: number) =>
  console.log(
    `${label.padEnd(28)}${levels[k].toFixed(2).padStart(6)}${covering[k].toFixed(3).padStart(10)}` +
      `${pri[k].toFixed(3).padStart(8)}${vi[k].toFixed(3).padStart(8)}` +
      `${F[k].toFixed(3).padStart(8)}  (P ${P[k].toFixed(3)} R ` +
      `${R[k].toFixed(3)})${regionsMean[k].toFixed(1).padStart(9)}`,
  );
console.log(`\n${'BSDS500 measures, ' + I + ' images'.padEnd(12)}`);
console.log(
  `${''.padEnd(28)}${'level'.padStart(6)}${'covering'.padStart(10)}${'PRI'.padStart(8)}${'VI'.padStart(8)}` +
    `${'F'.padStart(8)}${''.padEnd(23)}${'regions'.padStart(9)}`,
);
row('default level', D);
row('best covering (ODS)', kCov);
row('best PRI (ODS)', kPri);
row('best VI (ODS)', kVi);
row('best boundary F (ODS)', kF);
console.log(
  `OIS (each image at its best level): covering ${(oisCover[0] / oisCover[1]).toFixed(3)}, PRI ` +
    `${oisPri.toFixed(3)}, VI ${oisVi.toFixed(3)}, F ${oisF.toFixed(3)}`,
);
console.log(
  `same number of regions in every photo (levelForRegions): ${REGION_COUNTS.map((N, k) => {
    const c = per.reduce((a, p) => [a[0] + p.byCount[k].coverNum, a[1] + p.byCount[k].coverDen], [0, 0]);
    return (
      `${N}: covering ${(c[0] / c[1]).toFixed(3)} PRI ` +
      `${(per.reduce((a, p) => a + p.byCount[k].pri, 0) / I).toFixed(3)}`
    );
  }).join('; ')}`,
);
console.log(
  `mean ms per image: ${Object.entries(timeSum)
    .map(([k, v]) => `${k} ${(v / I).toFixed(0)}`)
    .join(', ')}`,
);
console.log(`boundary F is approximate (tolerance match, no one-to-one assignment): see test/eval/seg-metrics.ts`);
console.log(`default level to store (best covering, ODS): ${levels[kCov].toFixed(2)}`);

if (outPath) {
  writeFileSync(
    outPath,
    JSON.stringify(
      {
        model: modelPath,
        images: I,
        workingSize: workingSize ?? null,
        defaultLevel,
        bestCoveringLevel: levels[kCov],
        ods: {
          covering: [covering[kCov], levels[kCov]],
          pri: [pri[kPri], levels[kPri]],
          vi: [vi[kVi], levels[kVi]],
          f: [F[kF], levels[kF]],
        },
        ois: { covering: oisCover[0] / oisCover[1], pri: oisPri, vi: oisVi, f: oisF },
        atDefault: {
          covering: covering[D],
          pri: pri[D],
          vi: vi[D],
          f: F[D],
          precision: P[D],
          recall: R[D],
          regions: regionsMean[D],
        },
        curves: { levels, covering, pri, vi, f: F, precision: P, recall: R, regions: regionsMean },
      },
      null,
      1,
    ) + '\n',
  );
  console.log(`wrote ${outPath}`);
}
if (!existsSync(modelPath)) process.exitCode = 1;
