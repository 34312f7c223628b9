/**
 * `npm run eval:color -- --images <folder of colour photos> [--segs <folder>] [--model m.onnx]
 *   [--consistency 0,0.6] [--limit N] [--prior-of other.json] [--greys <folder>] [--temperature T]
 *   [--where] [--by-photo] [--save run.json]`
 * (TINCT_POOLING_LEVEL=L pools over another hierarchy level)
 *
 * Greys each photo (L of the truth, a = b = 0), colourises the grey file through the same engine
 * call as `tinct colorize` (colorizeFile, an EditSession export), and prints AuC raw and
 * rebalanced, PSNR, colourfulness, hue recall per family, the warm share and — with human
 * segmentations — the split rate, beside the grey baseline measured in the same run.
 * AuC rebalanced weighs each pixel by 1/prior of its true bin; the prior is the model's own unless
 * `--prior-of` names another manifest, so that two models can be compared on the same weights.
 * `--greys` takes each photo's grey input from <folder>/<name>.png instead (old-film greys made by
 * models/train/colorizer/film_greys.py): the colours are still scored against the photo's truth,
 * but the output's L is the grey's, so PSNR there measures the tones too, not only the colour.
 * `--temperature` decodes at another annealed-mean T than the model's own (as `tinct colorize
 * --temperature` does), to measure what T trades: colourfulness and hue recall against PSNR.
 * `--where` adds, per row, where each hue family's truth pixels went (grey, or which family):
 * what the pixels hue recall misses became.
 * `--by-photo` adds, per hue family, the photos that hold half of the truth's pixels of that family
 * and each row's recall on each of them: on BSDS500 val a family's recall can rest on a few photos
 * (red: six of its 100 hold half), so a change in it may be one photo changing its mind; the
 * recall's 5–95 % range over resamples of the photos says how much.
 * `--save` writes each photo's error histograms, PSNR, hue-recall and warm counts per row to a JSON
 * file, for `npm run eval:compare -- shipped.json candidate.json` (compare-eval.ts): is a
 * candidate's AuC (or red recall, or warm share) above the shipped model's on the same photos,
 * beyond what drawing the photos again moves?
 */
import { mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import sharp from 'sharp';
import { colorizeFile } from '../../src-main/engine/session/colorize-file.js';
import { Colorizer } from '../../src-main/engine/models/colorizer-model.js';
import { DEFAULT_COLORIZER } from '../../src-main/engine/version.js';
import { readFileSync } from 'node:fs';
import {
  aucFromHistogram,
  colourfulness,
  errorHistogram,
  HUE_FAMILIES,
  hueDestinations,
  hueRecallCounts,
  pooledShare,
  psnr,
  resampledRecall,
  segments,
  splitCounts,
  toRgb8,
  warmCounts,
  type LabPlanes,
} from './color-metrics.js';
import { loadSegmentFunction } from '../../src-main/engine/segmentation/segment-function.js';
import { POOLING_LEVEL } from '../../src-main/engine/segmentation/defaults.js';
import { flag } from '../helpers/flags.js';
import { readLab } from './read-lab.js';

const imagesDir = flag('images');
if (!imagesDir) {
  console.error(
    'usage: npm run eval:color -- --images <dir> [--segs <dir>] [--model m.onnx] [--consistency 0,0.6] [--limit N] [--temperature T] [--where] [--by-photo] [--save run.json]',
  );
  process.exit(2);
}
const segsDir = flag('segs');
const modelPath = flag('model', DEFAULT_COLORIZER)!;
const kappas = flag('consistency', '0')!.split(',').map(Number);
const limit = Number(flag('limit', '100000'));
const priorOf = flag('prior-of');
const greysDir = flag('greys');
const temperatureFlag = flag('temperature');
const where = process.argv.includes('--where');
const byPhoto = process.argv.includes('--by-photo');
const savePath = flag('save');
const temperature = temperatureFlag === undefined ? undefined : Number(temperatureFlag);
if (temperature !== undefined && !(temperature > 0 && temperature <= 10)) {
  console.error(`eval:color: --temperature ${temperatureFlag} is not in (0, 10]`);
  process.exit(2);
}

/** The grey input: the truth's L as a 16-bit grey PNG, so no lightness is lost on the way in. */
async function writeGrey(truth: LabPlanes, path: string): Promise<void> {
  const px = new Uint16Array(truth.L.length);
  for (let i = 0; i < px.length; i++) {
    const y = truth.L[i] > 8 ? ((truth.L[i] + 16) / 116) ** 3 : truth.L[i] / (24389 / 27);
    const v = y <= 0.0031308 ? 12.92 * y : 1.055 * y ** (1 / 2.4) - 0.055;
    px[i] = Math.round(Math.min(1, Math.max(0, v)) * 65535);
  }
  await sharp(px, { raw: { width: truth.width, height: truth.height, channels: 1 } })
    .toColourspace('grey16')
    .png()
    .toFile(path);
}

/** The coarsest human segmentation of an image (fewest segments), as a label map. */
async function coarsestSegmentation(id: string): Promise<Uint16Array | null> {
  if (!segsDir) return null;
  let best: Uint16Array | null = null,
    bestCount = Infinity;
  for (const f of readdirSync(segsDir).filter((f) => f.startsWith(`${id}_`))) {
    const { data } = await sharp(join(segsDir, f))
      .toColourspace('grey16')
      .raw({ depth: 'ushort' })
      .toBuffer({ resolveWithObject: true });
    const labels = new Uint16Array(data.buffer, data.byteOffset, data.length / 2).slice();
    const count = new Set(labels).size;
    if (count < bestCount) {
      best = labels;
      bestCount = count;
    }
  }
  return best;
}

interface Row {
  name: string;
  hist: Float64Array;
  histW: Float64Array;
  psnr: number[];
  colourful: number[];
  split: number;
  segs: number;
  hueHits: Float64Array;
  hueTotal: Float64Array;
  /** warmCounts per photo: its warm and its chromatic pixels. */
  warm: number[];
  chromatic: number[];
  /** hueDestinations' counts, summed over photos. */
  dest: Float64Array;
  /** Each photo's histograms (--save). */
  photoHist: Float64Array[];
  photoHistW: Float64Array[];
}
/** One photo's hue-recall counts: the truth's pixels per family, and per row the hits. */
interface PhotoCounts {
  id: string;
  total: Float64Array;
  hits: Float64Array[];
}
const newRow = (name: string): Row => ({
  name,
  hist: new Float64Array(152),
  histW: new Float64Array(152),
  psnr: [],
  colourful: [],
  split: 0,
  segs: 0,
  hueHits: new Float64Array(HUE_FAMILIES.length),
  hueTotal: new Float64Array(HUE_FAMILIES.length),
  warm: [],
  chromatic: [],
  dest: new Float64Array(HUE_FAMILIES.length * (HUE_FAMILIES.length + 1)),
  photoHist: [],
  photoHistW: [],
});

async function main(): Promise<void> {
  const model = await Colorizer.load(modelPath);
  const weightsFrom = priorOf
    ? (JSON.parse(readFileSync(priorOf, 'utf8')) as { prior?: number[]; bins?: [number, number][] })
    : { prior: model.manifest?.prior, bins: model.spec.bins };
  const prior = weightsFrom.prior;
  const binIndex = new Map<string, number>();
  weightsFrom.bins!.forEach(([a, b], q) => binIndex.set(`${Math.round(a / 10)},${Math.round(b / 10)}`, q));
  const nearestBin = (a: number, b: number) => binIndex.get(`${Math.round(a / 10)},${Math.round(b / 10)}`);
  const segment = kappas.some((k) => k > 0) ? await loadSegmentFunction() : null;
  if (kappas.some((k) => k > 0) && !segment)
    console.log('note: κ > 0 needs models/segmenter.onnx; those rows are per-pixel (κ ignored)');

  const rows = [newRow('grey (a = b = 0)'), ...kappas.map((k) => newRow(`Tinct κ = ${k}`))];
  const truthColourful: number[] = [];
  /** warmCounts of each truth photo. */
  const truthWarm = { warm: [] as number[], chromatic: [] as number[] };
  const files = readdirSync(imagesDir!)
    .filter((f) => /\.(jpe?g|png|tiff?)$/i.test(f))
    .sort()
    .slice(0, limit);
  const photos: PhotoCounts[] = [];
  const tmp = mkdtempSync(join(tmpdir(), 'tinct-eval-'));
  const t0 = performance.now();
  for (const f of files) {
    const id = basename(f, extname(f));
    const truth = await readLab(join(imagesDir!, f));
    const truthRgb = toRgb8(truth);
    truthColourful.push(colourfulness(truthRgb));
    const tw = warmCounts(truth);
    truthWarm.warm.push(tw.warm);
    truthWarm.chromatic.push(tw.chromatic);
    const labels = await coarsestSegmentation(id);
    const segs = labels && labels.length === truth.L.length ? segments(labels) : null;
    const weight = prior
      ? (i: number) => {
          const q = nearestBin(truth.a[i], truth.b[i]);
          return q === undefined ? 0 : 1 / Math.max(prior[q], 1e-6);
        }
      : undefined;
    const grey = greysDir ? join(greysDir, `${id}.png`) : join(tmp, `${id}.png`);
    if (!greysDir) await writeGrey(truth, grey);

    const preds: LabPlanes[] = [{ ...truth, a: new Float32Array(truth.L.length), b: new Float32Array(truth.L.length) }];
    for (const kappa of kappas) {
      const out = join(tmp, `${id}-${kappa}.tif`);
      await colorizeFile(grey, out, model, { format: 'tiff', bits: 16, consistency: kappa, temperature }, {}, segment);
      preds.push(await readLab(out, true));
    }
    const photo: PhotoCounts = { id, total: new Float64Array(HUE_FAMILIES.length), hits: [] };
    photos.push(photo);
    preds.forEach((pred, r) => {
      const row = rows[r];
      const h = errorHistogram(pred, truth),
        hw = errorHistogram(pred, truth, weight);
      for (let t = 0; t < h.length; t++) {
        row.hist[t] += h[t];
        row.histW[t] += hw[t];
      }
      row.photoHist.push(h);
      row.photoHistW.push(hw);
      const rgb = toRgb8(pred);
      row.psnr.push(psnr(rgb, truthRgb));
      row.colourful.push(colourfulness(rgb));
      if (segs) {
        const c = splitCounts(pred, truth, segs);
        row.split += c.split;
        row.segs += c.total;
      }
      const hr = hueRecallCounts(pred, truth);
      photo.total = hr.total;
      photo.hits.push(hr.hits);
      for (let f = 0; f < HUE_FAMILIES.length; f++) {
        row.hueHits[f] += hr.hits[f];
        row.hueTotal[f] += hr.total[f];
      }
      const w = warmCounts(pred);
      row.warm.push(w.warm);
      row.chromatic.push(w.chromatic);
      if (where) hueDestinations(pred, truth).forEach((c, k) => (row.dest[k] += c));
    });
  }
  rmSync(tmp, { recursive: true, force: true });

  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  const warmShare = (w: { warm: number[]; chromatic: number[] }) => {
    const share = pooledShare({ num: w.warm, den: w.chromatic });
    return Number.isNaN(share) ? '-' : share.toFixed(2);
  };
  const truthC = mean(truthColourful);
  const pooling = process.env.TINCT_POOLING_LEVEL ?? String(POOLING_LEVEL);
  console.log(
    `${files.length} images from ${imagesDir}; model ${model.spec.name} ${model.spec.version}; ` +
      `T ${temperature ?? model.defaultTemperature}; regions pooled at level ${segment ? pooling : '-'}; ${((performance.now() - t0) / 1000).toFixed(0)} s` +
      (greysDir ? `; grey inputs from ${greysDir} (PSNR includes their tones)` : ''),
  );
  const header = [
    'method',
    'AuC raw',
    'AuC rebal',
    'PSNR dB',
    'colourful',
    '÷ truth',
    'split rate',
    ...HUE_FAMILIES.map((f) => `${f.name} rec`),
    'warm share',
  ];
  console.log(header.map((c, i) => (i ? c.padStart(11) : c.padEnd(18))).join(''));
  for (const r of rows) {
    const split = r.segs ? `${((100 * r.split) / r.segs).toFixed(1)}%` : '-';
    const recall = HUE_FAMILIES.map((_, f) => (r.hueTotal[f] ? (r.hueHits[f] / r.hueTotal[f]).toFixed(2) : '-'));
    console.log(
      [
        r.name.padEnd(18),
        aucFromHistogram(r.hist).toFixed(2),
        prior ? aucFromHistogram(r.histW).toFixed(2) : '-',
        mean(r.psnr).toFixed(2),
        mean(r.colourful).toFixed(1),
        (mean(r.colourful) / truthC).toFixed(2),
        split,
        ...recall,
        warmShare(r),
      ]
        .map((c, i) => (i ? c.padStart(11) : c))
        .join(''),
    );
  }
  console.log(
    `truth colourfulness ${truthC.toFixed(1)}, warm share ` +
      `${warmShare(truthWarm)}` +
      `${rows[0].segs ? `; ${rows[0].segs} human segments ≥ 400 px (coarsest annotator)` : ''}`,
  );
  // The split rate's counts too: a target like "a third of κ = 0's" is often decided by one segment.
  if (rows[0].segs) console.log(`segments split: ${rows.map((r) => `${r.name} ${r.split}`).join(', ')}`);
  console.log(
    `hue recall: of the truth's pixels with chroma > 15 in a family, the share predicted with ` +
      `chroma > 8 within 45° of the true hue; warm share: of pixels with chroma > 8, hue ` +
      `40–100°${priorOf ? `; AuC rebalanced on the prior of ${priorOf}` : ''}`,
  );
  if (where) printDestinations(rows.slice(1));
  if (byPhoto) printByPhoto(rows.slice(1), photos);
  if (savePath) save(savePath, rows, photos, truthWarm, model, prior !== undefined);
}

/**
 * --save: what compare-eval.ts needs to compare two runs photo by photo (histograms, PSNR, the
 * hue-recall and warm counts); temporary file, then rename.
 */
function save(
  path: string,
  rows: Row[],
  photos: PhotoCounts[],
  truthWarm: { warm: number[]; chromatic: number[] },
  model: Colorizer,
  rebalanced: boolean,
): void {
  const run = {
    images: imagesDir,
    greys: greysDir ?? null,
    model: `${model.spec.name} ${model.spec.version}`,
    priorOf: priorOf ?? null,
    temperature: temperature ?? model.defaultTemperature,
    photos: photos.map((p) => p.id),
    families: HUE_FAMILIES.map((f) => f.name),
    // Per photo and family, the truth's pixels that hue recall counts; per row, the hits among them.
    hueTotals: photos.map((p) => [...p.total]),
    truthWarm,
    rows: rows.map((r, i) => ({
      name: r.name,
      psnr: r.psnr,
      hist: r.photoHist.map((h) => [...h]),
      histW: rebalanced ? r.photoHistW.map((h) => [...h]) : null,
      hueHits: photos.map((p) => [...p.hits[i]]),
      warm: r.warm,
      chromatic: r.chromatic,
    })),
  };
  writeFileSync(`${path}.tmp`, JSON.stringify(run));
  renameSync(`${path}.tmp`, path);
  console.log(`saved each photo's histograms, hue-recall and warm counts to ${path}`);
}

/**
 * --by-photo: per family, the photos with the most of its truth pixels until they hold half of
 * them (10 at most), each with its share and every row's recall on it; then how far each row's
 * recall moves when val's photos are drawn again (resampledRecall).
 */
function printByPhoto(rows: Row[], photos: PhotoCounts[]): void {
  console.log(
    `by photo: per family, the photos that hold half of the truth's pixels (chroma > 15), and each row's recall on them`,
  );
  console.log(['family, photo'.padEnd(28), 'share'.padStart(8), ...rows.map((r) => r.name.padStart(16))].join(''));
  HUE_FAMILIES.forEach((fam, f) => {
    const all = photos.reduce((s, p) => s + p.total[f], 0);
    if (!all) return;
    const ranked = photos.filter((p) => p.total[f] > 0).sort((p, q) => q.total[f] - p.total[f]);
    let held = 0,
      shown = 0;
    for (const p of ranked) {
      if (held >= 0.5 * all || shown === 10) break;
      held += p.total[f];
      shown++;
      const recall = rows.map((_, r) => (p.hits[r + 1][f] / p.total[f]).toFixed(2).padStart(16));
      console.log([`${fam.name}, ${p.id}`.padEnd(28), (p.total[f] / all).toFixed(3).padStart(8), ...recall].join(''));
    }
    const totals = photos.map((p) => p.total[f]);
    const spread = rows.map((row, r) => {
      const { lo, hi } = resampledRecall(
        photos.map((p) => p.hits[r + 1][f]),
        totals,
      );
      return `${row.name} ${lo.toFixed(2)}–${hi.toFixed(2)}`;
    });
    console.log(
      `${fam.name}: ${shown} of the ${ranked.length} photos with any hold ${(held / all).toFixed(2)} of its pixels; ` +
        `recall 5–95 % over 1,000 resamples of the photos: ${spread.join(', ')}`,
    );
  });
}

/** --where: per row and truth family, the shares of its pixels predicted grey or in each family. */
function printDestinations(rows: Row[]): void {
  const F = HUE_FAMILIES.length;
  const cols = ['grey', ...HUE_FAMILIES.map((f) => f.name)];
  console.log(`where the truth's pixels (chroma > 15) went: grey = chroma ≤ 8, else the family of the predicted hue`);
  console.log(['row, truth family'.padEnd(28), ...cols.map((c) => c.padStart(8))].join(''));
  for (const r of rows)
    HUE_FAMILIES.forEach((fam, f) => {
      const counts = r.dest.subarray(f * (F + 1), (f + 1) * (F + 1));
      const total = counts.reduce((s, c) => s + c, 0);
      if (!total) return;
      const shares = Array.from(counts, (c) => (c / total).toFixed(2).padStart(8));
      console.log([`${r.name}, ${fam.name}`.padEnd(28), ...shares].join(''));
    });
}

await main();
