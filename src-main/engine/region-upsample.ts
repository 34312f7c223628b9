/**
 * ab from the network's grid to the preview grid, region by region: a preview pixel of region S
 * reads, at each of its 2×2 network neighbours, the colour decoded for S there (pooling.ts), and
 * weighs the neighbours like the joint bilateral upsampler (bilinear × lightness similarity).
 * Without regions (labels null) it is exactly jointBilateralUpsample.
 */
import { jointBilateralUpsample, rangeWeights } from './joint-bilateral-upsample.js';
import { taps, type Pairs } from './pooling.js';

export function regionUpsample(
  guideLow: Float32Array, pairs: Pairs, dec: { a: Float32Array; b: Float32Array }, w: number, h: number,
  guide: Float32Array, labels: Int32Array | null, W: number, H: number,
): { a: Float32Array; b: Float32Array } {
  if (!labels) {
    // One pair per network pixel: its ab planes are the decoded values in pixel order.
    const [a, b] = jointBilateralUpsample(guideLow, [dec.a, dec.b], w, h, guide, W, H);
    return { a, b };
  }
  const { R, inv } = rangeWeights();
  const a = new Float32Array(W * H), b = new Float32Array(W * H);
  const tx = taps(W, w), ty = taps(H, h);
  const { start, region } = pairs;
  const find = (i: number, S: number) => {
    for (let k = start[i]; k < start[i + 1]; k++) if (region[k] === S) return k;
    return start[i];
  };
  for (let Y = 0; Y < H; Y++) {
    const ya = ty.x0[Y], yb = ty.x1[Y], fy = ty.fx[Y];
    for (let X = 0; X < W; X++) {
      const o = Y * W + X, S = labels[o], g = guide[o];
      const fx = tx.fx[X];
      const i0 = ya * w + tx.x0[X], i1 = ya * w + tx.x1[X], i2 = yb * w + tx.x0[X], i3 = yb * w + tx.x1[X];
      const w0 = (1 - fx) * (1 - fy) * R[(Math.abs(g - guideLow[i0]) * inv) | 0];
      const w1 = fx * (1 - fy) * R[(Math.abs(g - guideLow[i1]) * inv) | 0];
      const w2 = (1 - fx) * fy * R[(Math.abs(g - guideLow[i2]) * inv) | 0];
      const w3 = fx * fy * R[(Math.abs(g - guideLow[i3]) * inv) | 0];
      const k0 = find(i0, S), k1 = find(i1, S), k2 = find(i2, S), k3 = find(i3, S);
      const wsum = w0 + w1 + w2 + w3;
      const sa = w0 * dec.a[k0] + w1 * dec.a[k1] + w2 * dec.a[k2] + w3 * dec.a[k3];
      const sb = w0 * dec.b[k0] + w1 * dec.b[k1] + w2 * dec.b[k2] + w3 * dec.b[k3];
      a[o] = sa / wsum;
      b[o] = sb / wsum;
    }
  }
  return { a, b };
}
