/**
 * Edge-aware upsampling of ab guided by the full-resolution L: joint bilateral upsampling (Kopf et
 * al. 2007) over the 2×2 working-resolution neighbours of each output pixel. A neighbour counts by
 * its bilinear weight times how close its lightness is to the output pixel's, so a pixel next to an
 * edge takes its colour from the working pixels on its own side of the edge and colour does not
 * bleed across. Where no neighbour is alike (a thin line), it falls back to plain bilinear.
 * Cost: four table lookups per output pixel and plane, so 12 MP stays well under a second.
 */

export interface UpsampleOptions {
  /** Lightness difference (L units) at which a neighbour's weight falls to e^-1/2. */
  sigmaL?: number;
  /**
   * Only this rectangle of the W×H output (the editor's crisp view when zoomed in): the result is
   * window.width × window.height, identical to that crop of the whole upsampling.
   */
  window?: { x: number; y: number; width: number; height: number };
  /**
   * Low-resolution pixels that matter (w×h, non-zero = yes): an output pixel none of whose 2×2
   * neighbours is active is left 0 without being computed. For a stroke's colour change, which
   * is 0 almost everywhere, this skips most of the photo.
   */
  active?: Uint8Array;
}

import { taps } from './resample.js';

const LUT_STEP = 0.05;

/** The range-weight table and its index scale, shared with region-upsample.ts. */
export function rangeWeights(sigma = DEFAULT_SIGMA_L): { R: Float32Array; inv: number } {
  return { R: rangeTable(sigma), inv: 1 / LUT_STEP };
}

const DEFAULT_SIGMA_L = 6;

function rangeTable(sigma: number): Float32Array {
  const n = Math.ceil(100 / LUT_STEP) + 2;
  const t = new Float32Array(n);
  // The floor keeps every weight positive, which turns "no similar neighbour" into bilinear.
  for (let i = 0; i < n; i++) t[i] = Math.exp(-((i * LUT_STEP) ** 2) / (2 * sigma * sigma)) + 1e-4;
  return t;
}

/** Planes (w×h, aligned with guideLow) to W×H, following guideFull's edges. */
export function jointBilateralUpsample(
  guideLow: Float32Array,
  planes: Float32Array[],
  w: number,
  h: number,
  guideFull: Float32Array,
  W: number,
  H: number,
  opts: UpsampleOptions = {},
): Float32Array[] {
  const R = rangeTable(opts.sigmaL ?? DEFAULT_SIGMA_L);
  const inv = 1 / LUT_STEP;
  const win = opts.window ?? { x: 0, y: 0, width: W, height: H };
  const outs = planes.map(() => new Float32Array(win.width * win.height));
  const { x0, x1, fx } = taps(W, w);
  const ty = taps(H, h);
  const np = planes.length;
  const active = opts.active;
  for (let Y = win.y; Y < win.y + win.height; Y++) {
    const ya = ty.x0[Y],
      yb = ty.x1[Y],
      fy = ty.fx[Y];
    const ra = ya * w,
      rb = yb * w,
      rowIn = Y * W,
      o = (Y - win.y) * win.width - win.x;
    for (let X = win.x; X < win.x + win.width; X++) {
      const i00 = ra + x0[X],
        i01 = ra + x1[X],
        i10 = rb + x0[X],
        i11 = rb + x1[X];
      if (active && !(active[i00] | active[i01] | active[i10] | active[i11])) continue;
      const gx = fx[X],
        g = guideFull[rowIn + X];
      const w00 = (1 - gx) * (1 - fy) * R[(Math.abs(g - guideLow[i00]) * inv) | 0];
      const w01 = gx * (1 - fy) * R[(Math.abs(g - guideLow[i01]) * inv) | 0];
      const w10 = (1 - gx) * fy * R[(Math.abs(g - guideLow[i10]) * inv) | 0];
      const w11 = gx * fy * R[(Math.abs(g - guideLow[i11]) * inv) | 0];
      const norm = 1 / (w00 + w01 + w10 + w11);
      for (let p = 0; p < np; p++) {
        const src = planes[p];
        outs[p][o + X] = (w00 * src[i00] + w01 * src[i01] + w10 * src[i10] + w11 * src[i11]) * norm;
      }
    }
  }
  return outs;
}

/** What upsampleRowAb needs besides the planes: the range table and both axes' taps, made once per size. */
export interface RowUpsampler {
  R: Float32Array;
  inv: number;
  tx: ReturnType<typeof taps>;
  ty: ReturnType<typeof taps>;
}

export function rowUpsampler(w: number, h: number, W: number, H: number): RowUpsampler {
  return { R: rangeTable(DEFAULT_SIGMA_L), inv: 1 / LUT_STEP, tx: taps(W, w), ty: taps(H, h) };
}

/**
 * Row Y of jointBilateralUpsample of the two planes a and b (the default σ), into rowA and rowB:
 * the same arithmetic in the same order, so the same floats, without the loop over planes and
 * the whole-image outputs; the export calls it row by row (export-rows.ts).
 */
export function upsampleRowAb(
  u: RowUpsampler,
  guideLow: Float32Array,
  a: Float32Array,
  b: Float32Array,
  w: number,
  guideFull: Float32Array,
  W: number,
  Y: number,
  rowA: Float32Array,
  rowB: Float32Array,
): void {
  const { R, inv } = u;
  const { x0, x1, fx } = u.tx;
  const ya = u.ty.x0[Y],
    yb = u.ty.x1[Y],
    fy = u.ty.fx[Y];
  const ra = ya * w,
    rb = yb * w,
    rowIn = Y * W;
  for (let X = 0; X < W; X++) {
    const i00 = ra + x0[X],
      i01 = ra + x1[X],
      i10 = rb + x0[X],
      i11 = rb + x1[X];
    const gx = fx[X],
      g = guideFull[rowIn + X];
    const w00 = (1 - gx) * (1 - fy) * R[(Math.abs(g - guideLow[i00]) * inv) | 0];
    const w01 = gx * (1 - fy) * R[(Math.abs(g - guideLow[i01]) * inv) | 0];
    const w10 = (1 - gx) * fy * R[(Math.abs(g - guideLow[i10]) * inv) | 0];
    const w11 = gx * fy * R[(Math.abs(g - guideLow[i11]) * inv) | 0];
    const norm = 1 / (w00 + w01 + w10 + w11);
    rowA[X] = (w00 * a[i00] + w01 * a[i01] + w10 * a[i10] + w11 * a[i11]) * norm;
    rowB[X] = (w00 * b[i00] + w01 * b[i01] + w10 * b[i10] + w11 * b[i11]) * norm;
  }
}
