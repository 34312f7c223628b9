/**
 * Segment-aware colour (DESIGN.md): per region S the log-linear pool of the per-pixel
 * distributions, p_S(q) ∝ exp(mean_{x∈S} log p_x(q)), and per pixel p'_x ∝ p_x^(1-κ) · p_S^κ,
 * decoded with the annealed mean. Works on the network's grid: a network pixel that straddles
 * regions is decoded once per region it touches ("pairs"), so each region's colour stops at its
 * own border when upsampled.
 */
import type { Logits } from '../models/colorizer-model.js';
import { taps } from '../upsample/resample.js';
import type { Pairs } from './region-pairs.js';
import { MODE_LOGP } from './dominant-modes.js';

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
 * How much each network pixel belongs to the region of a W×H label map equal to `id`: the
 * bilinear weights buildPairs (region-pairs.ts) gives it, summed over the region's fine pixels.
 */
export function labelWeights(labels: Int32Array, id: number, W: number, H: number, w: number, h: number): Float64Array {
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
  return wt;
}

/**
 * log p_R of one region R given as the pixels of a W×H label map equal to `id`: the same
 * weighting as buildPairs + poolRegions, for a region the user points at on a level other than
 * the one pooled over (its swatches), without rebuilding every region's pairs. `wt`: the
 * region's labelWeights, when the caller has them already.
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
  wt = labelWeights(labels, id, W, H, w, h),
): Float32Array {
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
 * ab of every pair: annealed mean of p_x^(1-κ) · p_S^κ. `mask` (R × Q, optional) adds a region's
 * restriction to one mode (0 inside, -Infinity outside), when the user picked a swatch; without
 * one, `dominant` (dominant-modes.ts) holds the region's other modes back by κ·MODE_LOGP.
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
