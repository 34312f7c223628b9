/**
 * ab from the network's grid to the preview grid, region by region: a preview pixel of region S
 * reads, at each of its 2×2 network neighbours, the colour decoded for S there (pooling.ts), and
 * weighs the neighbours like the joint bilateral upsampler (bilinear × lightness similarity).
 * Without regions it is exactly jointBilateralUpsample.
 *
 * Which pair each tap reads and with what weight depends only on the label map and the lightness,
 * not on κ, T or swatches, so it is planned once per label map and each edit is four gathers per
 * preview pixel.
 */
import { rangeWeights } from './joint-bilateral-upsample.js';
import type { Pairs } from '../colour/region-pairs.js';
import { taps } from './resample.js';

export interface UpsamplePlan {
  width: number;
  height: number;
  /** Pair index of tap t of preview pixel o: k[t][o]; its normalised weight: w[t][o]. */
  k: Int32Array[];
  w: Float32Array[];
}

/**
 * The half of a plan that does not depend on the regions: which network pixel each tap reads and
 * its weight (bilinear × lightness similarity, normalised). Computed once per photo; a new label
 * map only has to pick, per tap, the pair of the pixel's own region (planRegionUpsample).
 */
export interface UpsampleTaps {
  width: number;
  height: number;
  /** Network pixel of tap t of preview pixel o: i[t][o]. */
  i: Int32Array[];
  w: Float32Array[];
}

export function upsampleTaps(
  guideLow: Float32Array,
  w: number,
  h: number,
  guide: Float32Array,
  W: number,
  H: number,
): UpsampleTaps {
  const { R, inv } = rangeWeights();
  const tx = taps(W, w),
    ty = taps(H, h);
  const idx = [0, 1, 2, 3].map(() => new Int32Array(W * H));
  const wt = [0, 1, 2, 3].map(() => new Float32Array(W * H));
  for (let Y = 0; Y < H; Y++) {
    const ya = ty.x0[Y],
      yb = ty.x1[Y],
      fy = ty.fx[Y];
    for (let X = 0; X < W; X++) {
      const o = Y * W + X,
        g = guide[o];
      const fx = tx.fx[X];
      const i0 = ya * w + tx.x0[X],
        i1 = ya * w + tx.x1[X],
        i2 = yb * w + tx.x0[X],
        i3 = yb * w + tx.x1[X];
      const w0 = (1 - fx) * (1 - fy) * R[(Math.abs(g - guideLow[i0]) * inv) | 0];
      const w1 = fx * (1 - fy) * R[(Math.abs(g - guideLow[i1]) * inv) | 0];
      const w2 = (1 - fx) * fy * R[(Math.abs(g - guideLow[i2]) * inv) | 0];
      const w3 = fx * fy * R[(Math.abs(g - guideLow[i3]) * inv) | 0];
      const norm = 1 / (w0 + w1 + w2 + w3);
      idx[0][o] = i0;
      idx[1][o] = i1;
      idx[2][o] = i2;
      idx[3][o] = i3;
      wt[0][o] = w0 * norm;
      wt[1][o] = w1 * norm;
      wt[2][o] = w2 * norm;
      wt[3][o] = w3 * norm;
    }
  }
  return { width: W, height: H, i: idx, w: wt };
}

/**
 * Each tap of each preview pixel reads the pair of the pixel's own region at its network pixel.
 * `into`: four arrays of a pixel each to write the plan into (the editor reuses one set, in
 * shared memory for its two threads, instead of 11 MB of garbage per region choice).
 */
export function planRegionUpsample(
  t: UpsampleTaps,
  pairs: Pairs,
  labels: Int32Array | null,
  into?: Int32Array[],
): UpsamplePlan {
  const { start, region } = pairs;
  const n = t.width * t.height;
  const k = into ?? [0, 1, 2, 3].map(() => new Int32Array(n));
  for (let tap = 0; tap < 4; tap++) {
    const idx = t.i[tap],
      out = k[tap];
    // Neighbouring pixels mostly share both their network pixel and their region: the search is
    // repeated only when one of them changes (a fifth of the time it took per pixel).
    let lastI = -1,
      lastS = -2,
      lastJ = 0;
    for (let o = 0; o < n; o++) {
      const i = idx[o],
        S = labels ? labels[o] : -1;
      if (i !== lastI || S !== lastS) {
        const e = start[i + 1];
        let j = start[i];
        // A pixel's own region is almost always the first or only pair of its network pixel.
        while (j < e && region[j] !== S) j++;
        lastI = i;
        lastS = S;
        lastJ = j < e ? j : start[i];
      }
      out[o] = lastJ;
    }
  }
  return { width: t.width, height: t.height, k, w: t.w };
}

/** Applies a plan to the decoded pairs: all of it, or preview pixels from..to-1 into `into`. */
export function regionUpsample(
  plan: UpsamplePlan,
  dec: { a: Float32Array; b: Float32Array },
  part?: { from: number; to: number; into: { a: Float32Array; b: Float32Array } },
): { a: Float32Array; b: Float32Array } {
  const n = plan.width * plan.height;
  const { a, b } = part?.into ?? { a: new Float32Array(n), b: new Float32Array(n) };
  const [k0, k1, k2, k3] = plan.k,
    [w0, w1, w2, w3] = plan.w;
  const da = dec.a,
    db = dec.b;
  for (let o = part?.from ?? 0, end = part?.to ?? n; o < end; o++) {
    a[o] = w0[o] * da[k0[o]] + w1[o] * da[k1[o]] + w2[o] * da[k2[o]] + w3[o] * da[k3[o]];
    b[o] = w0[o] * db[k0[o]] + w1[o] * db[k1[o]] + w2[o] * db[k2[o]] + w3[o] * db[k3[o]];
  }
  return { a, b };
}
