/**
 * The colour metrics of DESIGN.md, on Lab planes of a prediction and its truth:
 * AuC of the cumulative ab-error curve (thresholds 0..150, raw and class-rebalanced), PSNR on
 * 8-bit RGB, colourfulness (Hasler & Süsstrunk 2003) and the split rate of human segments.
 */
import { labToRgb } from '../../src-main/engine/colour/lab.js';

export interface LabPlanes {
  L: Float32Array;
  a: Float32Array;
  b: Float32Array;
  width: number;
  height: number;
}

export const AUC_MAX = 150;

/** Histogram of ab errors in whole units 0..150 (beyond 150 counted in the last bin + 1). */
export function errorHistogram(pred: LabPlanes, truth: LabPlanes, weight?: (i: number) => number): Float64Array {
  const h = new Float64Array(AUC_MAX + 2);
  for (let i = 0; i < truth.L.length; i++) {
    const e = Math.hypot(pred.a[i] - truth.a[i], pred.b[i] - truth.b[i]);
    h[Math.min(Math.ceil(e), AUC_MAX + 1)] += weight ? weight(i) : 1;
  }
  return h;
}

/** Area under the cumulative curve: mean over thresholds t = 0..150 of P(error ≤ t), in percent. */
export function aucFromHistogram(h: Float64Array): number {
  const total = h.reduce((s, v) => s + v, 0);
  let cum = 0,
    area = 0;
  for (let t = 0; t <= AUC_MAX; t++) {
    cum += h[t];
    area += cum / total;
  }
  return (100 * area) / (AUC_MAX + 1);
}

export function toRgb8(img: LabPlanes): Uint8Array {
  const n = img.L.length,
    out = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    const [r, g, b] = labToRgb(img.L[i], img.a[i], img.b[i]);
    out[3 * i] = Math.round(r * 255);
    out[3 * i + 1] = Math.round(g * 255);
    out[3 * i + 2] = Math.round(b * 255);
  }
  return out;
}

export function psnr(pred: Uint8Array, truth: Uint8Array): number {
  let se = 0;
  for (let i = 0; i < pred.length; i++) {
    const d = pred[i] - truth[i];
    se += d * d;
  }
  const mse = se / pred.length;
  return mse === 0 ? 100 : 10 * Math.log10((255 * 255) / mse);
}

/** Hasler & Süsstrunk's colourfulness M = σ_rgyb + 0.3 μ_rgyb on 8-bit RGB. */
export function colourfulness(rgb: Uint8Array): number {
  const n = rgb.length / 3;
  let srg = 0,
    syb = 0,
    srg2 = 0,
    syb2 = 0;
  for (let i = 0; i < n; i++) {
    const r = rgb[3 * i],
      g = rgb[3 * i + 1],
      b = rgb[3 * i + 2];
    const rg = r - g,
      yb = 0.5 * (r + g) - b;
    srg += rg;
    syb += yb;
    srg2 += rg * rg;
    syb2 += yb * yb;
  }
  const mrg = srg / n,
    myb = syb / n;
  const vrg = srg2 / n - mrg * mrg,
    vyb = syb2 / n - myb * myb;
  return Math.sqrt(Math.max(vrg, 0) + Math.max(vyb, 0)) + 0.3 * Math.hypot(mrg, myb);
}

/**
 * Is the hue inside a segment bimodal? ≥ 20% of the chroma-weighted mass lies over 60° from the
 * chroma-weighted mean hue, counting pixels with chroma > 8 only.
 */
export function bimodalHue(a: Float32Array, b: Float32Array, pixels: number[]): boolean {
  let sx = 0,
    sy = 0,
    total = 0;
  for (const i of pixels) {
    const c = Math.hypot(a[i], b[i]);
    if (c <= 8) continue;
    sx += a[i];
    sy += b[i];
    total += c; // sum of ab vectors = chroma-weighted unit hue vectors
  }
  if (total === 0) return false;
  const mean = Math.atan2(sy, sx);
  let far = 0;
  for (const i of pixels) {
    const c = Math.hypot(a[i], b[i]);
    if (c <= 8) continue;
    let d = Math.abs(Math.atan2(b[i], a[i]) - mean);
    if (d > Math.PI) d = 2 * Math.PI - d;
    if (d > Math.PI / 3) far += c;
  }
  return far / total >= 0.2;
}

/** Segments of a label map with at least minArea pixels, as pixel index lists. */
export function segments(labels: Uint16Array | Int32Array, minArea = 400): number[][] {
  const by = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    let list = by.get(labels[i]);
    if (!list) by.set(labels[i], (list = []));
    list.push(i);
  }
  return [...by.values()].filter((s) => s.length >= minArea);
}

/** Split counts: segments whose prediction is bimodal while the truth is not, over all segments. */
export function splitCounts(pred: LabPlanes, truth: LabPlanes, segs: number[][]): { split: number; total: number } {
  let split = 0;
  for (const s of segs) if (bimodalHue(pred.a, pred.b, s) && !bimodalHue(truth.a, truth.b, s)) split++;
  return { split, total: segs.length };
}

/** Hue families by CIE Lab hue angle in degrees (the colorizer issue's definition); red wraps past 0°. */
export const HUE_FAMILIES = [
  { name: 'red', from: 345, to: 60 },
  { name: 'yellow', from: 60, to: 105 },
  { name: 'green', from: 105, to: 200 },
  { name: 'blue', from: 200, to: 300 },
  { name: 'purple', from: 300, to: 345 },
] as const;

const hueDeg = (a: number, b: number) => ((Math.atan2(b, a) * 180) / Math.PI + 360) % 360;
const inArc = (h: number, from: number, to: number) => (from <= to ? h >= from && h < to : h >= from || h < to);
/** The index in HUE_FAMILIES of a hue in degrees (the families cover the circle). */
const familyOf = (h: number) => HUE_FAMILIES.findIndex((fam) => inArc(h, fam.from, fam.to));

/**
 * Per family, of the truth's pixels with chroma > 15 whose hue lies in it, how many the prediction
 * gives chroma > 8 within 45° of the true hue: counts to add up over photos (hits / total).
 */
export function hueRecallCounts(pred: LabPlanes, truth: LabPlanes): { hits: Float64Array; total: Float64Array } {
  const hits = new Float64Array(HUE_FAMILIES.length),
    total = new Float64Array(HUE_FAMILIES.length);
  for (let i = 0; i < truth.L.length; i++) {
    if (Math.hypot(truth.a[i], truth.b[i]) <= 15) continue;
    const h = hueDeg(truth.a[i], truth.b[i]);
    const f = familyOf(h);
    total[f]++;
    if (Math.hypot(pred.a[i], pred.b[i]) <= 8) continue;
    let d = Math.abs(hueDeg(pred.a[i], pred.b[i]) - h);
    if (d > 180) d = 360 - d;
    if (d <= 45) hits[f]++;
  }
  return { hits, total };
}

/** Warm share: of the pixels with chroma > 8, those whose hue is 40–100° (browns, oranges, sepia). */
export function warmCounts(img: LabPlanes): { warm: number; chromatic: number } {
  let warm = 0,
    chromatic = 0;
  for (let i = 0; i < img.L.length; i++) {
    if (Math.hypot(img.a[i], img.b[i]) <= 8) continue;
    chromatic++;
    const h = hueDeg(img.a[i], img.b[i]);
    if (h >= 40 && h <= 100) warm++;
  }
  return { warm, chromatic };
}

/**
 * Where each family's truth pixels (chroma > 15, as for hue recall) land in the prediction:
 * counts[f · (F + 1) + d], d = 0 grey (chroma ≤ 8), d = 1 + g the family g of the predicted hue.
 * Hue recall says how many are right; this says what the rest became (a red face painted grey or
 * green, dry grass painted as foliage), e.g. to see what pooling over regions does to them.
 */
export function hueDestinations(pred: LabPlanes, truth: LabPlanes): Float64Array {
  const F = HUE_FAMILIES.length;
  const counts = new Float64Array(F * (F + 1));
  for (let i = 0; i < truth.L.length; i++) {
    if (Math.hypot(truth.a[i], truth.b[i]) <= 15) continue;
    const f = familyOf(hueDeg(truth.a[i], truth.b[i]));
    const d = Math.hypot(pred.a[i], pred.b[i]) <= 8 ? 0 : 1 + familyOf(hueDeg(pred.a[i], pred.b[i]));
    counts[f * (F + 1) + d]++;
  }
  return counts;
}

/**
 * How far a pooled recall (Σ hits / Σ totals over photos) moves when the photos are drawn again
 * with replacement: the 5th and 95th percentiles over `draws` resamples, seeded so that a run
 * prints the same numbers twice. A family held by a few photos gets a wide interval — the
 * uncertainty of its recall as a measure of the model, before any model change is read from it.
 */
export function resampledRecall(hits: number[], totals: number[], draws = 1000, seed = 1): { lo: number; hi: number } {
  const recalls = [...resamples(totals.length, draws, seed)]
    .map((pick) => pooledRatio({ num: hits, den: totals }, pick))
    .filter((r) => !Number.isNaN(r));
  return percentiles590(recalls);
}

/** Per-photo counts of a share: the numerator's and the denominator's (hits and truth pixels, say). */
export interface ShareCounts {
  num: number[];
  den: number[];
}

/** The share over all photos: Σ num / Σ den; NaN where Σ den is 0. */
export const pooledShare = (m: ShareCounts): number => pooledRatio(m, m.num.keys());

/** Σ num / Σ den over the picked photos (a photo may be picked twice); NaN where Σ den is 0. */
function pooledRatio(m: ShareCounts, pick: Iterable<number>): number {
  let n = 0,
    d = 0;
  for (const i of pick) {
    n += m.num[i];
    d += m.den[i];
  }
  return d > 0 ? n / d : NaN;
}

/**
 * Is model B's AuC on the same photos really above model A's? Each photo's error histogram for
 * both (rebalanced or raw, as errorHistogram gives them) -> the pooled AuC of each, the difference
 * B − A, and its 5th–95th percentiles when the photos are drawn again with replacement — the same
 * draw for both models, so what every model finds hard cancels. Narrower than the spread of either
 * AuC alone (much narrower for the raw AuC; the rebalanced one still moves with the rare colours of
 * a few photos): the question a candidate asks ("beats the shipped one on val") is this paired one.
 */
export function pairedAucDifference(
  histsA: Float64Array[],
  histsB: Float64Array[],
  draws = 1000,
  seed = 1,
): PairedDifference {
  if (histsA.length !== histsB.length) throw new Error('pairedAucDifference: the two models saw different photos');
  const pooled = (hists: Float64Array[], pick: Iterable<number>) => {
    const h = new Float64Array(AUC_MAX + 2);
    for (const i of pick) for (let t = 0; t < h.length; t++) h[t] += hists[i][t];
    return aucFromHistogram(h);
  };
  const all = histsA.map((_, i) => i);
  const diffs = [...resamples(histsA.length, draws, seed)].map((pick) => pooled(histsB, pick) - pooled(histsA, pick));
  const [a, b] = [pooled(histsA, all), pooled(histsB, all)];
  return { a, b, diff: b - a, ...percentiles590(diffs) };
}

/** Two models' values on the same photos, b − a, and the 5–95 % range of b − a over paired resamples. */
export interface PairedDifference {
  a: number;
  b: number;
  diff: number;
  lo: number;
  hi: number;
}

/** A per-photo measure such as PSNR: each model's mean over the photos, and b − a as pairedAucDifference gives it. */
export function pairedMeanDifference(a: number[], b: number[], draws = 1000, seed = 1): PairedDifference {
  if (a.length !== b.length) throw new Error('pairedMeanDifference: the two models saw different photos');
  const d = b.map((v, i) => v - a[i]);
  const mean = (v: number[], pick: number[]) => pick.reduce((s, i) => s + v[i], 0) / pick.length;
  const means = [...resamples(d.length, draws, seed)].map((pick) => mean(d, pick));
  const all = d.map((_, i) => i);
  return { a: mean(a, all), b: mean(b, all), diff: mean(d, all), ...percentiles590(means) };
}

/**
 * A pooled share such as a hue recall (Σ hits / Σ truth pixels) or the warm share (Σ warm / Σ
 * chromatic pixels): each model's counts per photo, its share over all photos, b − a, and the 5–95 %
 * range of b − a over paired resamples. Each model has its own denominators (the warm share's
 * chromatic pixels are the prediction's); a draw whose denominator is 0 for either model is skipped,
 * and where every draw is (a model with no chromatic pixel at all), the share and range are NaN.
 */
export function pairedRatioDifference(a: ShareCounts, b: ShareCounts, draws = 1000, seed = 1): PairedDifference {
  const n = a.num.length;
  if ([a.den, b.num, b.den].some((v) => v.length !== n))
    throw new Error('pairedRatioDifference: the two models saw different photos');
  const diffs = [...resamples(n, draws, seed)]
    .map((pick) => pooledRatio(b, pick) - pooledRatio(a, pick))
    .filter((d) => !Number.isNaN(d));
  const [ra, rb] = [pooledShare(a), pooledShare(b)];
  const range = diffs.length ? percentiles590(diffs) : { lo: NaN, hi: NaN };
  return { a: ra, b: rb, diff: rb - ra, ...range };
}

/** `draws` resamples with replacement of n indices, seeded so that a run prints the same numbers twice. */
function* resamples(n: number, draws: number, seed: number): Generator<number[]> {
  let s = seed >>> 0;
  // mulberry32: a small, well-mixed 32-bit generator; Math.random cannot be seeded.
  const random = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let d = 0; d < draws; d++) yield Array.from({ length: n }, () => Math.floor(random() * n));
}

function percentiles590(values: number[]): { lo: number; hi: number } {
  const v = [...values].sort((a, b) => a - b);
  const at = (q: number) => v[Math.min(v.length - 1, Math.floor(q * v.length))];
  return { lo: at(0.05), hi: at(0.95) };
}
