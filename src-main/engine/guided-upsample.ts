/**
 * Edge-aware upsampling of ab guided by the full-resolution L: the fast guided filter (He & Sun
 * 2015). The local linear model ab ≈ A·L + B is fitted at the working resolution, where the
 * network's colours live; A and B are smooth, so they are upsampled bilinearly and applied to the
 * full-resolution L. Colour edges then follow the original's lightness edges instead of the
 * working grid, at a cost of a few operations per output pixel.
 */
import { boxMean } from './box-filter.js';
import { resizeBilinear } from './resample.js';

export interface GuidedOptions {
  /** Window radius at the working resolution, in pixels. */
  radius?: number;
  /** Regulariser in L² units: larger means smoother colour, less edge-following. */
  eps?: number;
}

export function fitGuided(guide: Float32Array, p: Float32Array, w: number, h: number, opts: GuidedOptions = {}) {
  const r = opts.radius ?? 2;
  const eps = opts.eps ?? 16;
  const n = w * h;
  const ii = new Float32Array(n), ip = new Float32Array(n);
  for (let i = 0; i < n; i++) { ii[i] = guide[i] * guide[i]; ip[i] = guide[i] * p[i]; }
  const mI = boxMean(guide, w, h, r), mP = boxMean(p, w, h, r);
  const mII = boxMean(ii, w, h, r), mIP = boxMean(ip, w, h, r);
  const A = new Float32Array(n), B = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const varI = mII[i] - mI[i] * mI[i];
    A[i] = (mIP[i] - mI[i] * mP[i]) / (varI + eps);
    B[i] = mP[i] - A[i] * mI[i];
  }
  return { A: boxMean(A, w, h, r), B: boxMean(B, w, h, r) };
}

/** ab planes (w×h, aligned with guideLow) to W×H, following guideFull's edges. */
export function guidedUpsample(
  guideLow: Float32Array, planes: Float32Array[], w: number, h: number,
  guideFull: Float32Array, W: number, H: number, opts: GuidedOptions = {},
): Float32Array[] {
  return planes.map((p) => {
    const { A, B } = fitGuided(guideLow, p, w, h, opts);
    const Au = resizeBilinear(A, w, h, W, H), Bu = resizeBilinear(B, w, h, W, H);
    for (let i = 0; i < Au.length; i++) Au[i] = Au[i] * guideFull[i] + Bu[i];
    return Au;
  });
}
