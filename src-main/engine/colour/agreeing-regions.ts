/**
 * Pooling regions that follow objects. The pooling level's regions are coarse on purpose (one
 * colour across a whole object), but where one of them spans two objects — a path and the grass
 * beside it, a skirt and the ground — its pooled colour paints a seam across both. The network
 * usually knows: many of the region's pixels prefer its second mode to its first. Such a region is
 * split into its sub-regions one level finer, down a short ladder of levels, until its pixels agree
 * (or the ladder ends); regions whose pixels agree keep their size. The hierarchy is nested, so a finer
 * level's regions lie inside the coarser one's.
 */
import { poolRegions } from './pooling.js';
import { buildPairs } from './region-pairs.js';
import { regionModes } from './swatches.js';

/**
 * A region splits when more than this share of its pixels (weighted like the pooling) hold more
 * probability in the region's second mode than in its first: then the region is two things the
 * network tells apart, not one thing it is unsure about (those pixels would all lean the same way).
 */
export const DISAGREEMENT = disagreementFromEnv();

/**
 * Chosen on BSDS500 val (eval:color, 100 photos, κ = 1). Model 1.1.0: no split (≥ 0.5) gave AuC
 * rebalanced 76.9 / split rate 1.6 %, 0.4: 80.5 / 2.8 %, 0.25: 80.5 / 3.5 % (per pixel 80.2 / 6.5 %).
 * Model 2.0.0 (shipped): 0.4: 80.7 / 9.6 %, 0.47: 80.8 / 8.2 %, no split: 80.8 / 8.1 % (per pixel
 * 80.5 / 12.9 %): its regions rarely split, and splitting costs consistency, so 0.47. Model 2.1.0
 * (on 2.0.0's prior): 0.47: 78.0 / 5.4 %, 0.4: 78.0 / 5.6 %, 0.35: 78.0 / 5.9 % (κ = 0: 78.2 / 7.8 %).
 * Pooling at 0.96 instead of 0.9 (segmentation/defaults.ts), where more regions span two objects,
 * at κ = 0.6: 0.47 (κ = 1) 77.1 / 2.5 %, 0.40: 77.9 / 2.6 %, 0.35: 78.0 / 4.1 % (κ 0.8), 0.30:
 * 78.3 / 5.3 %; at κ = 0.5 and 0.40: 78.1 / 2.5 %: 0.40. (Judging a region by its finer parts'
 * pools instead of its pixels, letting only disagreeing parts go, kept more regions whole: 1.6–2.4 %
 * but AuC 76.8–77.1, blue recall 0.54 at 0.96 / κ 0.6; dropped.)
 * TINCT_SPLIT_DISAGREEMENT=… measures another value, like TINCT_POOLING_LEVEL.
 */
function disagreementFromEnv(): number {
  const v = Number(process.env.TINCT_SPLIT_DISAGREEMENT);
  return process.env.TINCT_SPLIT_DISAGREEMENT && Number.isFinite(v) ? v : 0.4;
}
/** How far down a split goes: the levels below the pooling level are tried, coarse to fine. */
export const SPLIT_LEVELS = [0.93, 0.9, 0.84, 0.75, 0.6];

export interface LabelMap {
  labels: Int32Array;
  count: number;
}

/**
 * Per region of `labels`, the weighted share of its pixels that prefer the region's second mode
 * to its first (0 when the region has one mode). logp is pixel-major on the w×h network grid.
 */
export function regionDisagreement(
  logp: Float32Array,
  Q: number,
  bins: Float32Array,
  map: LabelMap,
  W: number,
  H: number,
  w: number,
  h: number,
): Float64Array {
  const pairs = buildPairs(map.labels, W, H, w, h);
  const R = map.count;
  const logpS = poolRegions(logp, Q, w * h, pairs, R);
  // Per region and bin: 1 in the first mode, 2 in the second, 0 elsewhere.
  const mode = new Uint8Array(R * Q);
  for (let S = 0; S < R; S++) {
    regionModes(logpS, S * Q, Q, bins, 1, 2, 0).forEach((m, k) => {
      for (const q of m.bins) mode[S * Q + q] = k + 1;
    });
  }
  const against = new Float64Array(R),
    wsum = new Float64Array(R);
  for (let i = 0; i < w * h; i++) {
    for (let k = pairs.start[i]; k < pairs.start[i + 1]; k++) {
      const S = pairs.region[k],
        wt = pairs.weight[k];
      if (S < 0 || wt <= 0) continue;
      let m1 = 0,
        m2 = 0;
      for (let q = 0; q < Q; q++) {
        const c = mode[S * Q + q];
        if (c === 1) m1 += Math.exp(logp[i * Q + q]);
        else if (c === 2) m2 += Math.exp(logp[i * Q + q]);
      }
      if (m2 > m1) against[S] += wt;
      wsum[S] += wt;
    }
  }
  for (let S = 0; S < R; S++) against[S] = wsum[S] > 0 ? against[S] / wsum[S] : 0;
  return against;
}

/**
 * The pooling level's labels with every disagreeing region replaced by its sub-regions at the
 * next level of `ladder` (recursively). Labels are renumbered 0..count-1; -1 stays -1.
 */
export function agreeingRegions(
  logp: Float32Array,
  Q: number,
  bins: Float32Array,
  labelsAt: (level: number) => LabelMap,
  poolingLevel: number,
  W: number,
  H: number,
  w: number,
  h: number,
  ladder = SPLIT_LEVELS,
  threshold = DISAGREEMENT,
): LabelMap {
  const base = labelsAt(poolingLevel);
  let current: LabelMap = { labels: base.labels.slice(), count: base.count };
  for (const level of ladder.filter((l) => l < poolingLevel)) {
    const split = regionDisagreement(logp, Q, bins, current, W, H, w, h).map((v) => (v > threshold ? 1 : 0));
    if (!split.some((v) => v)) break;
    const finer = labelsAt(level).labels;
    // Kept regions keep their ids; each finer region inside a split one gets a new id.
    const fresh = new Map<number, number>();
    let count = current.count;
    const labels = current.labels;
    for (let i = 0; i < labels.length; i++) {
      const S = labels[i];
      if (S < 0 || !split[S]) continue;
      let id = fresh.get(finer[i]);
      if (id === undefined) fresh.set(finer[i], (id = count++));
      labels[i] = id;
    }
    current = { labels, count };
  }
  return compact(current);
}

/** Renumbers the labels that occur to 0..count-1 in order of first appearance. */
function compact(map: LabelMap): LabelMap {
  const ids = new Int32Array(map.count).fill(-1);
  let count = 0;
  const labels = map.labels;
  for (let i = 0; i < labels.length; i++) {
    const S = labels[i];
    if (S < 0) continue;
    if (ids[S] < 0) ids[S] = count++;
    labels[i] = ids[S];
  }
  return { labels, count };
}
