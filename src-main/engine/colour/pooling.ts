/**
 * Segment-aware colour (DESIGN.md): per region S the log-linear pool of the per-pixel
 * distributions, p_S(q) ∝ exp(mean_{x∈S} log p_x(q)), and per pixel p'_x ∝ p_x^(1-κ) · p_S^κ,
 * decoded with the annealed mean. Works on the network's grid: a network pixel that straddles
 * regions is decoded once per region it touches ("pairs"), so each region's colour stops at its
 * own border when upsampled.
 */
import type { Logits } from '../models/colorizer-model.js';
import { taps } from '../upsample/resample.js';
import { regionModes } from './swatches.js';

/**
 * log-softmax of the logits per pixel, pixel-major (Q values of pixel i at i·Q): the logits are
 * channel-planar, but every later step reads all Q values of one pixel, so they are laid out
 * together once here instead of strided by the plane size on every edit.
 */
export function logSoftmax(logits: Logits): Float32Array {
  const { data, Q } = logits;
  const n = logits.width * logits.height;
  const out = new Float32Array(data.length);
  for (let i = 0; i < n; i++) {
    const o = i * Q;
    let max = -Infinity;
    for (let q = 0; q < Q; q++) {
      const v = data[q * n + i];
      out[o + q] = v;
      if (v > max) max = v;
    }
    normaliseLogRow(out, o, Q, max);
  }
  return out;
}

/**
 * Subtracts log Σ_q exp(row[q]) from a row of Q values at `o` whose largest is `max`: the row
 * becomes log-probabilities (the shift by `max` keeps exp from overflowing).
 */
export function normaliseLogRow(out: Float32Array, o: number, Q: number, max: number): void {
  let sum = 0;
  for (let q = 0; q < Q; q++) sum += Math.exp(out[o + q] - max);
  const lse = max + Math.log(sum);
  for (let q = 0; q < Q; q++) out[o + q] -= lse;
}

/** Region memberships of network pixels, with the weight each region has there. */
export interface Pairs {
  /** For network pixel i, its pairs are start[i] .. start[i+1]-1. */
  start: Int32Array;
  region: Int32Array;
  weight: Float32Array;
}

/**
 * Which regions touch which network pixels, from a label map at a finer grid (W×H, labels
 * 0..R-1). A fine pixel touches the 2×2 network pixels a bilinear upsampling would read, with its
 * bilinear weights; those weights are also the pooling weights.
 */
const SLOTS = 6;

interface PairSlots {
  slotS: Int32Array;
  slotW: Float64Array;
  used: Uint8Array;
  spill: Map<number, Map<number, number>>;
}

/** Adds weight wt of region S to network pixel i. */
function addPair(p: PairSlots, i: number, S: number, wt: number): void {
  if (wt <= 0) return;
  const base = i * SLOTS,
    u = p.used[i];
  for (let c = 0; c < u; c++)
    if (p.slotS[base + c] === S) {
      p.slotW[base + c] += wt;
      return;
    }
  const more = p.spill.get(i);
  if (more?.has(S)) {
    more.set(S, more.get(S)! + wt);
    return;
  }
  if (u < SLOTS) {
    p.slotS[base + u] = S;
    p.slotW[base + u] = wt;
    p.used[i] = u + 1;
    return;
  }
  if (more) more.set(S, wt);
  else p.spill.set(i, new Map([[S, wt]]));
}

export function buildPairs(labels: Int32Array, W: number, H: number, w: number, h: number): Pairs {
  // Each network pixel meets only a few regions: up to SLOTS of them live in flat arrays (in the
  // order they are met), the rare pixel with more spills into a Map. Far faster than a Map each.
  const n = w * h;
  const p: PairSlots = {
    slotS: new Int32Array(n * SLOTS),
    slotW: new Float64Array(n * SLOTS),
    used: new Uint8Array(n),
    spill: new Map(),
  };
  const { x0, x1, fx } = taps(W, w);
  const ty = taps(H, h);
  for (let Y = 0; Y < H; Y++) {
    const ya = ty.x0[Y],
      yb = ty.x1[Y],
      fy = ty.fx[Y];
    // A run of pixels along the row with one region and the same two network columns adds to the
    // same four pairs: their weights are summed first and added once per run, not per pixel.
    let runS = labels[Y * W],
      runX0 = x0[0],
      runX1 = x1[0],
      left = 0,
      right = 0;
    for (let X = 0; X <= W; X++) {
      const S = X < W ? labels[Y * W + X] : -2;
      if (X === W || S !== runS || x0[X] !== runX0 || x1[X] !== runX1) {
        addPair(p, ya * w + runX0, runS, left * (1 - fy));
        addPair(p, ya * w + runX1, runS, right * (1 - fy));
        addPair(p, yb * w + runX0, runS, left * fy);
        addPair(p, yb * w + runX1, runS, right * fy);
        if (X === W) break;
        runS = S;
        runX0 = x0[X];
        runX1 = x1[X];
        left = right = 0;
      }
      left += 1 - fx[X];
      right += fx[X];
    }
  }
  const { slotS, slotW, used, spill } = p;
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = start[i] + Math.max(used[i] + (spill.get(i)?.size ?? 0), 1);
  const region = new Int32Array(start[n]).fill(-1),
    weight = new Float32Array(start[n]);
  for (let i = 0; i < n; i++) {
    let k = start[i];
    for (let c = 0; c < used[i]; c++, k++) {
      region[k] = slotS[i * SLOTS + c];
      weight[k] = slotW[i * SLOTS + c];
    }
    for (const [S, wt] of spill.get(i) ?? []) {
      region[k] = S;
      weight[k] = wt;
      k++;
    }
  }
  return { start, region, weight };
}

/** log p_S for every region (R × Q, row per region), normalised. */
export function poolRegions(logp: Float32Array, Q: number, n: number, pairs: Pairs, R: number): Float32Array {
  const acc = new Float64Array(R * Q),
    wsum = new Float64Array(R);
  for (let i = 0; i < n; i++) {
    for (let k = pairs.start[i]; k < pairs.start[i + 1]; k++) {
      const S = pairs.region[k],
        wt = pairs.weight[k];
      if (S < 0) continue;
      wsum[S] += wt;
      for (let q = 0; q < Q; q++) acc[S * Q + q] += wt * logp[i * Q + q];
    }
  }
  const out = new Float32Array(R * Q);
  for (let S = 0; S < R; S++) {
    let max = -Infinity;
    for (let q = 0; q < Q; q++) {
      const v = wsum[S] > 0 ? acc[S * Q + q] / wsum[S] : 0;
      out[S * Q + q] = v;
      max = Math.max(max, v);
    }
    normaliseLogRow(out, S * Q, Q, max);
  }
  return out;
}

/**
 * log p_R of one region R given as the pixels of a W×H label map equal to `id`: the same
 * weighting as buildPairs + poolRegions, for a region the user points at on a level other than
 * the one pooled over (its swatches), without rebuilding every region's pairs.
 */
export function poolLabel(
  logp: Float32Array,
  Q: number,
  labels: Int32Array,
  id: number,
  W: number,
  H: number,
  w: number,
  h: number,
): Float32Array {
  const wt = new Float64Array(w * h);
  const tx = taps(W, w),
    ty = taps(H, h);
  for (let Y = 0; Y < H; Y++) {
    const ya = ty.x0[Y],
      yb = ty.x1[Y],
      fy = ty.fx[Y];
    for (let X = 0; X < W; X++) {
      if (labels[Y * W + X] !== id) continue;
      const fx = tx.fx[X];
      wt[ya * w + tx.x0[X]] += (1 - fx) * (1 - fy);
      wt[ya * w + tx.x1[X]] += fx * (1 - fy);
      wt[yb * w + tx.x0[X]] += (1 - fx) * fy;
      wt[yb * w + tx.x1[X]] += fx * fy;
    }
  }
  const acc = new Float64Array(Q);
  let sum = 0;
  for (let i = 0; i < w * h; i++) {
    if (wt[i] <= 0) continue;
    sum += wt[i];
    for (let q = 0; q < Q; q++) acc[q] += wt[i] * logp[i * Q + q];
  }
  const out = new Float32Array(Q);
  let max = -Infinity;
  for (let q = 0; q < Q; q++) {
    out[q] = sum > 0 ? acc[q] / sum : 0;
    if (out[q] > max) max = out[q];
  }
  normaliseLogRow(out, 0, Q, max);
  return out;
}

/**
 * How strongly a region's other modes are held back, as log-probability per unit of κ: at κ = 1 a
 * bin outside the dominant mode loses a factor e^-8 before annealing (e^-21 after, at T = 0.38),
 * so the region decodes inside its dominant mode; at κ = 0.2 a factor e^-1.6 (e^-4 annealed), so
 * a pixel whose own distribution clearly prefers another mode can still show it.
 */
export const MODE_LOGP = 8;

/**
 * Membership (R × Q, 1 inside) of each region's dominant mode: the swatch-1 mode of p_S
 * (swatches.ts). Decoding inside it instead of across all modes keeps a region whose pixels
 * disagree (green here, orange there) from averaging to a brown compromise — the averaging the
 * annealed mean avoids per pixel, at the level of regions.
 */
export function dominantModes(
  logpS: Float32Array,
  R: number,
  Q: number,
  bins: Float32Array,
  out: Uint8Array<ArrayBufferLike> = new Uint8Array(R * Q),
): Uint8Array<ArrayBufferLike> {
  out.fill(0, 0, R * Q);
  for (let S = 0; S < R; S++) {
    const [mode] = regionModes(logpS, S * Q, Q, bins, 1, 1, 0);
    if (mode) for (const q of mode.bins) out[S * Q + q] = 1;
    else out.fill(1, S * Q, (S + 1) * Q);
  }
  return out;
}

/**
 * ab of every pair: annealed mean of p_x^(1-κ) · p_S^κ. `mask` (R × Q, optional) adds a region's
 * restriction to one mode (0 inside, -Infinity outside), when the user picked a swatch; without
 * one, `dominant` (dominantModes) holds the region's other modes back by κ·MODE_LOGP.
 * `logp` is pixel-major (logSoftmax's layout).
 */
export function decodePairs(
  logp: Float32Array,
  Q: number,
  n: number,
  pairs: Pairs,
  logpS: Float32Array | null,
  bins: Float32Array,
  T: number,
  kappa: number,
  mask: (S: number) => Float32Array | null,
  part?: { from: number; to: number; into: { a: Float32Array; b: Float32Array } },
  dominant?: Uint8Array | null,
): { a: Float32Array; b: Float32Array } {
  // With `part`, only the pairs of network pixels from..to-1 are decoded, into `into` (the
  // preview's two threads each decode the rows they need).
  const m = pairs.region.length;
  const { a, b } = part?.into ?? { a: new Float32Array(m), b: new Float32Array(m) };
  const z = new Float64Array(Q);
  const invT = 1 / Math.max(T, 1e-6);
  const own = (1 - kappa) * invT,
    pooled = kappa * invT,
    held = kappa * MODE_LOGP * invT;
  for (let i = part?.from ?? 0, end = part?.to ?? n; i < end; i++) {
    const o = i * Q;
    for (let k = pairs.start[i]; k < pairs.start[i + 1]; k++) {
      const S = pairs.region[k];
      const pool = S >= 0 && logpS && kappa > 0 ? S * Q : -1;
      const restrict = S >= 0 ? mask(S) : null;
      let max = -Infinity;
      if (pool < 0)
        for (let q = 0; q < Q; q++) {
          const v = logp[o + q] * invT;
          z[q] = v;
          if (v > max) max = v;
        }
      else if (dominant && !restrict)
        // The usual case, in one pass: the blend with the region's other modes held back.
        for (let q = 0; q < Q; q++) {
          const v = own * logp[o + q] + pooled * logpS![pool + q] - (dominant[pool + q] ? 0 : held);
          z[q] = v;
          if (v > max) max = v;
        }
      else
        for (let q = 0; q < Q; q++) {
          const v = own * logp[o + q] + pooled * logpS![pool + q];
          z[q] = v;
          if (v > max) max = v;
        }
      if (restrict) {
        max = -Infinity;
        for (let q = 0; q < Q; q++) {
          const v = z[q] + restrict[q];
          z[q] = v;
          if (v > max) max = v;
        }
      }
      // Bins more than e^-30 below the most likely one change nothing a float can hold: skip
      // their exp (most of the 261, since the annealed distribution is peaked).
      const floor = max - 30;
      let sum = 0,
        sa = 0,
        sb = 0;
      for (let q = 0; q < Q; q++) {
        const v = z[q];
        if (v < floor) continue;
        const e = Math.exp(v - max);
        sum += e;
        sa += e * bins[2 * q];
        sb += e * bins[2 * q + 1];
      }
      a[k] = sa / sum;
      b[k] = sb / sum;
    }
  }
  return { a, b };
}
