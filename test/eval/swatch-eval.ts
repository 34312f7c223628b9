/**
 * `npm run eval:swatches -- --images ../shared/data/bsds500/val/images [--limit N] [--model m.onnx]
 *   [--temperature 0.38]`
 *
 * Are the swatches real colours? Greys each colour photo (the truth's L), runs the colorizer and
 * the segmenter as the editor does, and for every region a click selects (default level, at least
 * 0.5 % of the photo) compares its swatches with the truth inside that region:
 *  - chroma of the first swatch and of all swatches, against the truth's mean chroma per pixel;
 *  - "offered": of the regions whose truth is coloured (chroma > 15), the share with a swatch
 *    within 45° of the truth's hue and at least 0.7 × its chroma (a swatch the user could take);
 *  - ΔEab of the nearest swatch to the truth's mean ab.
 * Besides the shipped colour (mode-colour.ts: the annealed mean of the pixels in the mode) it prints
 * candidate colours of the same modes from the region's pool p_S,
 * so the choice stays measured: the annealed mean at T inside the mode (before issue 17), the mean
 * weighted by p², the peak bin, the annealed mean at a colder T.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Colorizer } from '../../src-main/engine/models/colorizer-model.js';
import { labelWeights, logSoftmax, poolLabel } from '../../src-main/engine/colour/pooling.js';
import { characteristicModes } from '../../src-main/engine/colour/mode-colour.js';
import { regionModes, type Mode } from '../../src-main/engine/colour/swatches.js';
import { loadSegmentFunction } from '../../src-main/engine/segmentation/segment-function.js';
import { PREVIEW_SIZE, reduceLightness, runColorNetwork } from '../../src-main/engine/session/stages.js';
import { resizeArea } from '../../src-main/engine/upsample/resample.js';
import { DEFAULT_COLORIZER } from '../../src-main/engine/version.js';
import type { GreyImage } from '../../src-main/engine/image/read-image.js';
import { flag } from '../helpers/flags.js';
import { readLab } from './read-lab.js';

const imagesDir = flag('images');
if (!imagesDir) {
  console.error('usage: npm run eval:swatches -- --images <dir of colour photos> [--limit N] [--model m.onnx]');
  process.exit(2);
}
const limit = Number(flag('limit', '100000'));
const T = Number(flag('temperature', '0.38'));

/** A candidate colour of a mode from its bins' probabilities. */
type Colour = (p: Float64Array, mode: Mode, bins: Float32Array) => [number, number];
const weighted =
  (f: (p: number) => number): Colour =>
  (p, mode, bins) => {
    let s = 0,
      a = 0,
      b = 0;
    for (const q of mode.bins) {
      const w = f(p[q]);
      s += w;
      a += w * bins[2 * q];
      b += w * bins[2 * q + 1];
    }
    return s > 0 ? [a / s, b / s] : [0, 0];
  };
const CANDIDATES: [string, Colour][] = [
  ['shipped (mode-colour.ts)', (_p, mode) => mode.ab],
  [`annealed T=${T} (before)`, weighted((p) => Math.pow(p, 1 / T))],
  ['p² mean', weighted((p) => p * p)],
  ['annealed T=0.1', weighted((p) => Math.pow(p, 10))],
  [
    'peak bin',
    (p, mode, bins) => {
      const q = mode.bins.reduce((x, y) => (p[y] > p[x] ? y : x));
      return [bins[2 * q], bins[2 * q + 1]];
    },
  ],
];

const hueGap = (x: [number, number], y: [number, number]) => {
  let d = Math.abs(Math.atan2(x[1], x[0]) - Math.atan2(y[1], y[0]));
  if (d > Math.PI) d = 2 * Math.PI - d;
  return (d * 180) / Math.PI;
};

async function main(): Promise<void> {
  const model = await Colorizer.load(flag('model', DEFAULT_COLORIZER));
  const segment = await loadSegmentFunction();
  if (!segment) throw new Error('eval:swatches needs models/segmenter.onnx');
  const bins = model.bins;
  const files = readdirSync(imagesDir!)
    .filter((f) => /\.(jpe?g|png|tiff?)$/i.test(f))
    .sort()
    .slice(0, limit);
  const stats = CANDIDATES.map(() => ({ first: 0, all: 0, swatches: 0, offered: 0, nearest: 0, colouredFirst: 0 }));
  let regions = 0,
    coloured = 0,
    truthChroma = 0,
    truthMeanAbChroma = 0,
    colouredTruth = 0;
  const t0 = performance.now();
  for (const f of files) {
    const truth = await readLab(join(imagesDir!, f));
    const img = { L: truth.L, width: truth.width, height: truth.height } as GreyImage;
    const net = await runColorNetwork(img, model);
    const logp = logSoftmax(net.logits);
    const { Q, width: w, height: h } = net.logits;
    const preview = reduceLightness(img, PREVIEW_SIZE);
    const { width: W, height: H } = preview;
    const hier = await segment(preview);
    const { labels, count } = hier.labelsAt(hier.defaultLevel);
    const ta = resizeArea(truth.a, truth.width, truth.height, W, H),
      tb = resizeArea(truth.b, truth.width, truth.height, W, H);
    const area = new Float64Array(count),
      sumC = new Float64Array(count),
      sumA = new Float64Array(count),
      sumB = new Float64Array(count);
    for (let i = 0; i < W * H; i++) {
      const S = labels[i];
      area[S]++;
      sumC[S] += Math.hypot(ta[i], tb[i]);
      sumA[S] += ta[i];
      sumB[S] += tb[i];
    }
    for (let S = 0; S < count; S++) {
      if (area[S] < 0.005 * W * H) continue;
      const wt = labelWeights(labels, S, W, H, w, h);
      const logpR = poolLabel(logp, Q, labels, S, W, H, w, h, wt);
      const modes = characteristicModes(logp, Q, wt, regionModes(logpR, 0, Q, bins, T), bins, T);
      if (!modes.length) continue;
      const p = Float64Array.from(logpR, Math.exp);
      const chroma = sumC[S] / area[S],
        mean: [number, number] = [sumA[S] / area[S], sumB[S] / area[S]];
      regions++;
      truthChroma += chroma;
      truthMeanAbChroma += Math.hypot(...mean);
      const isColoured = chroma > 15;
      if (isColoured) {
        coloured++;
        colouredTruth += chroma;
      }
      CANDIDATES.forEach(([, colour], k) => {
        const abs = modes.map((m) => colour(p, m, bins));
        const st = stats[k];
        st.first += Math.hypot(...abs[0]);
        for (const ab of abs) st.all += Math.hypot(...ab);
        st.swatches += abs.length;
        st.nearest += Math.min(...abs.map((ab) => Math.hypot(ab[0] - mean[0], ab[1] - mean[1])));
        if (isColoured) st.colouredFirst += Math.hypot(...abs[0]);
        if (isColoured && abs.some((ab) => hueGap(ab, mean) <= 45 && Math.hypot(...ab) >= 0.7 * chroma)) st.offered++;
      });
    }
  }
  console.log(
    `${files.length} images from ${imagesDir}; model ${model.spec.name} ${model.spec.version}; T ${T}; ` +
      `${regions} regions (${coloured} with truth chroma > 15); ${((performance.now() - t0) / 1000).toFixed(0)} s`,
  );
  console.log(
    `truth: mean chroma per pixel ${(truthChroma / regions).toFixed(1)} ` +
      `(${(colouredTruth / Math.max(coloured, 1)).toFixed(1)} in the coloured regions), ` +
      `chroma of the mean ab ${(truthMeanAbChroma / regions).toFixed(1)}`,
  );
  console.log(
    "÷ truth: the first swatch's chroma over the truth's, all regions; " +
      'coloured ÷: the same over the regions with truth chroma > 15',
  );
  const cols = ['swatch colour', 'chroma 1st', 'chroma all', '÷ truth', 'coloured ÷', 'offered', 'ΔE nearest'];
  console.log(cols.map((c, i) => (i ? c.padStart(12) : c.padEnd(26))).join(''));
  CANDIDATES.forEach(([name], k) => {
    const st = stats[k];
    const all = st.all / st.swatches;
    console.log(
      [
        name.padEnd(26),
        (st.first / regions).toFixed(1),
        all.toFixed(1),
        (st.first / truthChroma).toFixed(2),
        (st.colouredFirst / Math.max(colouredTruth, 1e-9)).toFixed(2),
        `${((100 * st.offered) / Math.max(coloured, 1)).toFixed(0)}%`,
        (st.nearest / regions).toFixed(1),
      ]
        .map((c, i) => (i ? c.padStart(12) : c))
        .join(''),
    );
  });
}

await main();
