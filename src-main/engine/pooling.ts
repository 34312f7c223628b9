/**
 * Segment-aware colour (DESIGN.md): per region S the log-linear pool of the per-pixel
 * distributions, p_S(q) ∝ exp(mean_{x∈S} log p_x(q)), and per pixel p'_x ∝ p_x^(1-κ) · p_S^κ,
 * decoded with the annealed mean. Works on the network's grid: a network pixel that straddles
 * regions is decoded once per region it touches ("pairs"), so each region's colour stops at its
 * own border when upsampled.
 */
import type { Logits } from './colorizer.js';
import { taps } from './resample.js';

/** log-softmax of the logits per pixel, channel-planar like the logits. */
export function logSoftmax(logits: Logits): Float32Array {
  const { data, Q } = logits;
  const n = logits.width * logits.height;
  const out = new Float32Array(data.length);
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let q = 0; q < Q; q++) max = Math.max(max, data[q * n + i]);
    let sum = 0;
    for (let q = 0; q < Q; q++) sum += Math.exp(data[q * n + i] - max);
    const lse = max + Math.log(sum);
    for (let q = 0; q < Q; q++) out[q * n + i] = data[q * n + i] - lse;
  }
  return out;
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
export function buildPairs(labels: Int32Array, W: number, H: number, w: number, h: number): Pairs {
  const lists: Map<number, number>[] = Array.from({ length: w * h }, () => new Map());
  const { x0, x1, fx } = taps(W, w);
  const ty = taps(H, h);
  for (let Y = 0; Y < H; Y++) {
    const ya = ty.x0[Y], yb = ty.x1[Y], fy = ty.fx[Y];
    for (let X = 0; X < W; X++) {
      const S = labels[Y * W + X];
      const add = (i: number, wt: number) => { if (wt > 0) { const m = lists[i]; m.set(S, (m.get(S) ?? 0) + wt); } };
      add(ya * w + x0[X], (1 - fx[X]) * (1 - fy));
      add(ya * w + x1[X], fx[X] * (1 - fy));
      add(yb * w + x0[X], (1 - fx[X]) * fy);
      add(yb * w + x1[X], fx[X] * fy);
    }
  }
  const start = new Int32Array(w * h + 1);
  for (let i = 0; i < w * h; i++) start[i + 1] = start[i] + Math.max(lists[i].size, 1);
  const region = new Int32Array(start[w * h]).fill(-1), weight = new Float32Array(start[w * h]);
  for (let i = 0; i < w * h; i++) {
    let k = start[i];
    for (const [S, wt] of lists[i]) { region[k] = S; weight[k] = wt; k++; }
  }
  return { start, region, weight };
}

/** log p_S for every region (R × Q, row per region), normalised. */
export function poolRegions(logp: Float32Array, Q: number, n: number, pairs: Pairs, R: number): Float32Array {
  const acc = new Float64Array(R * Q), wsum = new Float64Array(R);
  for (let i = 0; i < n; i++) {
    for (let k = pairs.start[i]; k < pairs.start[i + 1]; k++) {
      const S = pairs.region[k], wt = pairs.weight[k];
      if (S < 0) continue;
      wsum[S] += wt;
      for (let q = 0; q < Q; q++) acc[S * Q + q] += wt * logp[q * n + i];
    }
  }
  const out = new Float32Array(R * Q);
  for (let S = 0; S < R; S++) {
    let max = -Infinity;
    for (let q = 0; q < Q; q++) { const v = wsum[S] > 0 ? acc[S * Q + q] / wsum[S] : 0; out[S * Q + q] = v; max = Math.max(max, v); }
    let sum = 0;
    for (let q = 0; q < Q; q++) sum += Math.exp(out[S * Q + q] - max);
    const lse = max + Math.log(sum);
    for (let q = 0; q < Q; q++) out[S * Q + q] -= lse;
  }
  return out;
}

/**
 * ab of every pair: annealed mean of p_x^(1-κ) · p_S^κ. `mask` (R × Q, optional) adds a region's
 * restriction to one mode (0 inside, -Infinity outside), when the user picked a swatch.
 */
export function decodePairs(
  logp: Float32Array, Q: number, n: number, pairs: Pairs, logpS: Float32Array | null,
  bins: Float32Array, T: number, kappa: number, mask: (S: number) => Float32Array | null,
): { a: Float32Array; b: Float32Array } {
  const m = pairs.region.length;
  const a = new Float32Array(m), b = new Float32Array(m);
  const z = new Float64Array(Q);
  const invT = 1 / Math.max(T, 1e-6);
  for (let i = 0; i < n; i++) {
    for (let k = pairs.start[i]; k < pairs.start[i + 1]; k++) {
      const S = pairs.region[k];
      const pool = S >= 0 && logpS && kappa > 0 ? S * Q : -1;
      const restrict = S >= 0 ? mask(S) : null;
      let max = -Infinity;
      for (let q = 0; q < Q; q++) {
        let v = logp[q * n + i];
        if (pool >= 0) v = (1 - kappa) * v + kappa * logpS![pool + q];
        if (restrict) v += restrict[q];
        z[q] = v * invT;
        if (z[q] > max) max = z[q];
      }
      let sum = 0, sa = 0, sb = 0;
      for (let q = 0; q < Q; q++) {
        const e = Math.exp(z[q] - max);
        sum += e; sa += e * bins[2 * q]; sb += e * bins[2 * q + 1];
      }
      a[k] = sa / sum;
      b[k] = sb / sum;
    }
  }
  return { a, b };
}
