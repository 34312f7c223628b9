/**
 * Brush hints spread edge-aware, after Levin, Lischinski & Weiss (2004): the colour change a stroke
 * asks for (δ = stroke ab − current ab under it) is a hard constraint at the stroke's pixels and
 * spreads to neighbours in proportion to how alike their lightness is, minimising
 *   Σ_{r~s} w_rs (δ_r − δ_s)² + λ Σ_r δ_r²,   w_rs = exp(−(L_r − L_s)² / 2σ²)
 * on a 4-connected grid, each w_rs multiplied by a factor from the full-resolution L where the
 * grid's averaged L misses a thin edge (edge-barrier.ts). Strong edges have w ≈ 0, so a stroke
 * fills its object and stops there; the small λ lets the change fade far from the stroke instead
 * of tinting the whole photo.
 * Solved with conjugate gradients (the system is symmetric positive definite), started from the
 * same problem solved on a grid half the size (recursively): plain CG needs hundreds of iterations
 * to carry a stroke's colour across an object, the coarse solution brings it there at once and the
 * fine iterations only fix the edges.
 */
import { resizeArea, resizeBilinear } from '../upsample/resample.js';
import { coarserBarrier, type Barrier } from './edge-barrier.js';

export interface StrokeConstraint {
  /** Pixel indices on the solve grid that the stroke covers. */
  pixels: Int32Array;
  /** The ab change wanted there. */
  da: Float32Array;
  db: Float32Array;
}

export interface SolveOptions {
  sigmaL?: number;
  lambda?: number;
  iterations?: number;
  tolerance?: number;
  /**
   * Factors on the edge weights from the full-resolution lightness (edge-barrier.ts): thin edges
   * the grid's L misses.
   */
  barrier?: Barrier | null;
}

/**
 * The fade: a change falls to 1/e over about 1/sqrt(λ) ≈ 32 solve-grid pixels (a third of the
 * photo's long side), so a stroke fills its part of an object but does not tint the whole photo
 * through weak edges. At 1e-4 one blue stroke on the coffee sample's saucer turned the table and
 * the coffee blue as well; at 1e-3 the table keeps its colour.
 */
const LAMBDA = 1e-3;
/** Below this many pixels on the long side the solve starts from zero. */
const COARSEST = 24;

export function solveStrokes(
  L: Float32Array,
  w: number,
  h: number,
  cons: StrokeConstraint,
  opts: SolveOptions = {},
): { a: Float32Array; b: Float32Array } {
  return { a: solveChannel(L, w, h, cons.pixels, cons.da, opts), b: solveChannel(L, w, h, cons.pixels, cons.db, opts) };
}

/**
 * One plane of the change (a or b): the planes are independent problems on the same grid, so
 * the editor solves them on its two threads at once (preview-threads.ts).
 */
export function solveChannel(
  L: Float32Array,
  w: number,
  h: number,
  pixels: Int32Array,
  values: Float32Array,
  opts: SolveOptions = {},
): Float32Array {
  const sigma = opts.sigmaL ?? 4,
    lambda = opts.lambda ?? LAMBDA;
  const n = w * h;
  const start = Math.max(w, h) > COARSEST ? coarseStart(L, w, h, pixels, values, opts) : null;
  // Edge weights to the right and down neighbours.
  const wr = new Float32Array(n),
    wd = new Float32Array(n);
  const k = -1 / (2 * sigma * sigma);
  const br = opts.barrier?.right,
    bd = opts.barrier?.down;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (x + 1 < w) {
        const d = L[i] - L[i + 1];
        wr[i] = Math.exp(k * d * d) * (br ? br[i] : 1);
      }
      if (y + 1 < h) {
        const d = L[i] - L[i + w];
        wd[i] = Math.exp(k * d * d) * (bd ? bd[i] : 1);
      }
    }
  const fixed = new Uint8Array(n);
  for (const p of pixels) fixed[p] = 1;
  const A = buildSystem(wr, wd, w, h, lambda, fixed);
  const x0 = new Float64Array(n);
  pixels.forEach((p, j) => {
    x0[p] = values[j];
  });
  return conjugateGradient(A, wr, wd, w, h, fixed, x0, start, opts.iterations ?? 250, opts.tolerance ?? 3e-3);
}

/** The solve on a grid half the size (lightness area-averaged, constraints averaged per cell), upsampled. */
function coarseStart(
  L: Float32Array,
  w: number,
  h: number,
  pixels: Int32Array,
  values: Float32Array,
  opts: SolveOptions,
): Float32Array {
  const cw = Math.ceil(w / 2),
    ch = Math.ceil(h / 2);
  const sums = new Map<number, [number, number]>();
  pixels.forEach((p, j) => {
    const c = (((p / w) | 0) >> 1) * cw + ((p % w) >> 1);
    const s = sums.get(c) ?? [0, 0];
    s[0] += values[j];
    s[1]++;
    sums.set(c, s);
  });
  const cells = Int32Array.from(sums.keys());
  const mean = Float32Array.from(cells, (c) => sums.get(c)![0] / sums.get(c)![1]);
  // One coarse step spans two fine ones: the same fade over distance needs 4× the λ there.
  const coarse = solveChannel(resizeArea(L, w, h, cw, ch), cw, ch, cells, mean, {
    ...opts,
    lambda: 4 * (opts.lambda ?? LAMBDA),
    barrier: opts.barrier && coarserBarrier(opts.barrier, w, h, cw, ch),
  });
  return resizeBilinear(coarse, cw, ch, w, h);
}

/**
 * The system A δ = rhs over all pixels, with A = graph Laplacian + λ I on free pixels and the
 * identity on fixed ones (their value is known; its pull on the neighbours moves into rhs).
 * Stored as a diagonal and four neighbour weights (0 across the border or to a fixed pixel).
 */
interface System {
  diag: Float64Array;
  west: Float64Array;
  east: Float64Array;
  north: Float64Array;
  south: Float64Array;
}

function buildSystem(
  wr: Float32Array,
  wd: Float32Array,
  w: number,
  h: number,
  lambda: number,
  fixed: Uint8Array,
): System {
  const n = w * h;
  const diag = new Float64Array(n),
    west = new Float64Array(n),
    east = new Float64Array(n),
    north = new Float64Array(n),
    south = new Float64Array(n);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (fixed[i]) {
        diag[i] = 1;
        continue;
      }
      let d = lambda;
      if (x > 0) {
        d += wr[i - 1];
        if (!fixed[i - 1]) west[i] = wr[i - 1];
      }
      if (x + 1 < w) {
        d += wr[i];
        if (!fixed[i + 1]) east[i] = wr[i];
      }
      if (y > 0) {
        d += wd[i - w];
        if (!fixed[i - w]) north[i] = wd[i - w];
      }
      if (y + 1 < h) {
        d += wd[i];
        if (!fixed[i + w]) south[i] = wd[i];
      }
      diag[i] = d;
    }
  return { diag, west, east, north, south };
}

/** out = A·x; answers x·out (the curvature CG needs), computed in the same pass. */
function applyA(A: System, w: number, x: Float64Array, out: Float64Array): number {
  const { diag, west, east, north, south } = A;
  const n = x.length;
  let xAx = 0;
  // The first and last rows lack a neighbour above or below; inside, every neighbour index is
  // valid (a missing one has weight 0), so the hot loop needs no branches.
  const edgeRow = (i: number) => {
    let v = diag[i] * x[i];
    if (west[i]) v -= west[i] * x[i - 1];
    if (east[i]) v -= east[i] * x[i + 1];
    if (north[i]) v -= north[i] * x[i - w];
    if (south[i]) v -= south[i] * x[i + w];
    out[i] = v;
    xAx += x[i] * v;
  };
  const top = Math.min(w, n),
    bottom = Math.max(top, n - w);
  for (let i = 0; i < top; i++) edgeRow(i);
  for (let i = top; i < bottom; i++) {
    const v = diag[i] * x[i] - west[i] * x[i - 1] - east[i] * x[i + 1] - north[i] * x[i - w] - south[i] * x[i + w];
    out[i] = v;
    xAx += x[i] * v;
  }
  for (let i = bottom; i < n; i++) edgeRow(i);
  return xAx;
}

/** Conjugate gradients preconditioned by the diagonal (Jacobi), from `guess` (or 0). */
function conjugateGradient(
  A: System,
  wr: Float32Array,
  wd: Float32Array,
  w: number,
  h: number,
  fixed: Uint8Array,
  boundary: Float64Array,
  guess: Float32Array | null,
  iterations: number,
  tol: number,
): Float32Array {
  const n = w * h;
  // Right-hand side: what the fixed neighbours pull on each free pixel.
  const rhs = new Float64Array(n);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (fixed[i]) continue;
      if (x > 0 && fixed[i - 1]) rhs[i] += wr[i - 1] * boundary[i - 1];
      if (x + 1 < w && fixed[i + 1]) rhs[i] += wr[i] * boundary[i + 1];
      if (y > 0 && fixed[i - w]) rhs[i] += wd[i - w] * boundary[i - w];
      if (y + 1 < h && fixed[i + w]) rhs[i] += wd[i] * boundary[i + w];
    }
  const x = new Float64Array(n),
    r = rhs.slice(),
    z = new Float64Array(n),
    Ap = new Float64Array(n);
  if (guess) {
    // Fixed pixels are not unknowns (their rows are the identity with rhs 0): they start at 0.
    for (let i = 0; i < n; i++) x[i] = fixed[i] ? 0 : guess[i];
    applyA(A, w, x, Ap);
    for (let i = 0; i < n; i++) r[i] -= Ap[i];
  }
  const inv = A.diag.map((d) => 1 / d);
  for (let i = 0; i < n; i++) z[i] = r[i] * inv[i];
  const p = z.slice();
  let rz = dot(r, z);
  // The residual is judged against the right-hand side, not the start: a good start must not
  // make the stopping rule stricter.
  const stop = tol * tol * Math.max(dot(rhs, rhs), 1e-12);
  if (dot(r, r) <= stop) iterations = 0;
  // Three passes over the grid per iteration: A·p with p·Ap, then x, r, z and both dot products
  // together, then the new direction.
  for (let it = 0; it < iterations; it++) {
    const alpha = rz / applyA(A, w, p, Ap);
    let rr = 0,
      rz2 = 0;
    for (let i = 0; i < n; i++) {
      x[i] += alpha * p[i];
      const ri = r[i] - alpha * Ap[i],
        zi = ri * inv[i];
      r[i] = ri;
      z[i] = zi;
      rr += ri * ri;
      rz2 += ri * zi;
    }
    if (rr <= stop) break;
    const beta = rz2 / rz;
    for (let i = 0; i < n; i++) p[i] = z[i] + beta * p[i];
    rz = rz2;
  }
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = fixed[i] ? boundary[i] : x[i];
  return out;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
