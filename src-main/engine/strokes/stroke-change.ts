/**
 * Applying the document's brush strokes to the preview's ab: each stroke's colour is a hard
 * constraint under the brush and spreads edge-aware (stroke-solver.ts) on a coarser solve grid,
 * whose change is brought back to the preview guided by its lightness. Later strokes win where
 * strokes overlap; an eraser stroke removes the hints under it.
 */
import type { Plane } from '../session/stages.js';
import type { Stroke } from '../document/edit-document.js';
import { jointBilateralUpsample } from '../upsample/joint-bilateral-upsample.js';
import { fitLongSide, resizeArea } from '../upsample/resample.js';
import { solveStrokes } from './stroke-solver.js';
import { rasteriseStroke } from './rasterise-stroke.js';
import { edgeBarrier, type Barrier } from './edge-barrier.js';

/**
 * Long side of the grid the spreading is solved on: ~7 K unknowns for a 4:3 photo. At 128 the
 * solve alone took ~55 ms of a stroke on 2 cores, at 96 ~25 ms; the preview-size upsampling
 * guided by L puts the edges back where the grid is too coarse for them.
 */
export const SOLVE_SIZE = 96;

/** Pixel → ab wanted, on a w×h grid; `scale` maps document (full-resolution) units to the grid. */
function targets(strokes: Stroke[], scale: number, w: number, h: number): Map<number, [number, number]> {
  const want = new Map<number, [number, number]>();
  for (const s of strokes) {
    const pts = s.points.map(([x, y]) => [x * scale, y * scale] as [number, number]);
    for (const i of rasteriseStroke(pts, s.radius * scale, w, h)) {
      if (s.ab) want.set(i, [s.ab[0], s.ab[1]]);
      else want.delete(i);
    }
  }
  return want;
}

const solveGridL = new WeakMap<Plane, Float32Array>();
/** The barrier of a photo's full-resolution L on its solve grid: made once per photo and grid, on its first stroke. */
const barriers = new WeakMap<Float32Array, { width: number; height: number; barrier: Barrier }>();

function barrierFor(full: Plane, w: number, h: number, Ls: Float32Array): Barrier {
  const hit = barriers.get(full.L);
  if (hit?.width === w && hit.height === h) return hit.barrier;
  const barrier = edgeBarrier(full.L, full.width, full.height, w, h, Ls);
  barriers.set(full.L, { width: w, height: h, barrier });
  return barrier;
}

/** The solve grid of a preview and its lightness, which never changes for a photo: made once. */
function solveGrid(preview: Plane): { width: number; height: number; Ls: Float32Array } {
  const { width: W, height: H } = preview;
  const { width, height } = fitLongSide(W, H, SOLVE_SIZE);
  let Ls = solveGridL.get(preview);
  if (!Ls) solveGridL.set(preview, (Ls = resizeArea(preview.L, W, H, width, height)));
  return { width, height, Ls };
}

/**
 * Finds the photo's full-resolution edges for its strokes ahead of the first one (~0.1 s at 12 MP,
 * which would otherwise fall on that stroke): for an editor to call while it is idle.
 */
export function prepareStrokeEdges(preview: Plane, full: Plane): void {
  const { width, height, Ls } = solveGrid(preview);
  barrierFor(full, width, height, Ls);
}

/** Mean ab of the preview pixels under solve-grid cell p. */
function cellMean(
  ab: { a: Float32Array; b: Float32Array },
  W: number,
  H: number,
  w: number,
  h: number,
  p: number,
): [number, number] {
  const cx = p % w,
    cy = (p / w) | 0;
  const x0 = Math.floor((cx * W) / w),
    x1 = Math.max(x0 + 1, Math.floor(((cx + 1) * W) / w));
  const y0 = Math.floor((cy * H) / h),
    y1 = Math.max(y0 + 1, Math.floor(((cy + 1) * H) / h));
  let sa = 0,
    sb = 0;
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) {
      sa += ab.a[y * W + x];
      sb += ab.b[y * W + x];
    }
  const n = (x1 - x0) * (y1 - y0);
  return [sa / n, sb / n];
}

/** A colour change below this (ab units; under half a just-noticeable difference, ΔE ≈ 2.3) is not re-rendered. */
const VISIBLE_CHANGE = 1;

/**
 * The strokes' colour change, solved on the coarse grid, and the brush's own pixels at the
 * preview's resolution (ascending, with their exact ab). applyStrokeRows brings it to the preview.
 */
export interface StrokeChange {
  width: number;
  height: number;
  /** Lightness on the solve grid (the guide of the upsampling). */
  L: Float32Array;
  da: Float32Array;
  db: Float32Array;
  /** Solve-grid pixels whose change is visible: only preview pixels near them are touched. */
  active: Uint8Array;
  brush: { index: Int32Array; a: Float32Array; b: Float32Array };
}

/**
 * Solves what the strokes change, given the preview's ab before them; null when no stroke paints
 * anything. `solve` may be a parallel version of solveStrokes (the editor's two threads). `full`:
 * the photo's lightness at full resolution, whose thin edges stop the spreading (edge-barrier.ts);
 * without it only the solve grid's lightness does.
 */
export function solveStrokeChange(
  preview: Plane,
  ab: { a: Float32Array; b: Float32Array },
  strokes: Stroke[],
  previewPerPixel: number,
  solve: typeof solveStrokes = solveStrokes,
  full?: Plane,
): StrokeChange | null {
  const { width: W, height: H } = preview;
  const { width: w, height: h, Ls } = solveGrid(preview);
  const want = targets(strokes, previewPerPixel * (w / W), w, h);
  if (want.size === 0) return null;
  const pixels = Int32Array.from(want.keys());
  const da = new Float32Array(pixels.length),
    db = new Float32Array(pixels.length);
  pixels.forEach((p, j) => {
    // The change a stroke asks for: its colour minus the current colour there (mean over the cell).
    const [ta, tb] = want.get(p)!,
      [ca, cb] = cellMean(ab, W, H, w, h, p);
    da[j] = ta - ca;
    db[j] = tb - cb;
  });
  const barrier = full ? barrierFor(full, w, h, Ls) : null;
  const delta = solve(Ls, w, h, { pixels, da, db }, { barrier });
  const active = new Uint8Array(w * h);
  for (let i = 0; i < w * h; i++)
    active[i] = Math.abs(delta.a[i]) > VISIBLE_CHANGE || Math.abs(delta.b[i]) > VISIBLE_CHANGE ? 1 : 0;
  const brush = [...targets(strokes, previewPerPixel, W, H)].sort((x, y) => x[0] - y[0]);
  return {
    width: w,
    height: h,
    L: Ls,
    da: delta.a,
    db: delta.b,
    active,
    brush: {
      index: Int32Array.from(brush, ([i]) => i),
      a: Float32Array.from(brush, ([, t]) => t[0]),
      b: Float32Array.from(brush, ([, t]) => t[1]),
    },
  };
}

/**
 * Preview rows y0..y1-1 with the strokes: `base` (the region colours) plus the change, upsampled
 * guided by the preview's lightness, and the brush's colour exactly under the brush. Marks in
 * `out.changed` which pixels differ from `base`, so only those are re-rendered: a stroke on one
 * object leaves the rest of the photo as it was, and skipping it is most of what keeps a stroke
 * interactive. Rows are independent, so the preview's two threads each take a share.
 */
export function applyStrokeRows(
  change: StrokeChange,
  preview: Plane,
  base: { a: Float32Array; b: Float32Array },
  out: { a: Float32Array; b: Float32Array; changed: Uint8Array },
  y0: number,
  y1: number,
): void {
  const { width: W, height: H } = preview;
  const window = { x: 0, y: y0, width: W, height: y1 - y0 };
  const [ua, ub] = jointBilateralUpsample(
    change.L,
    [change.da, change.db],
    change.width,
    change.height,
    preview.L,
    W,
    H,
    { active: change.active, window },
  );
  const from = y0 * W,
    to = y1 * W;
  for (let k = 0, i = from; i < to; k++, i++) {
    const x = ua[k],
      y = ub[k];
    out.a[i] = base.a[i] + x;
    out.b[i] = base.b[i] + y;
    out.changed[i] = x !== 0 || y !== 0 ? 1 : 0;
  }
  const { index, a, b } = change.brush;
  let j = 0,
    hi = index.length;
  while (j < hi) {
    const mid = (j + hi) >> 1;
    if (index[mid] < from) j = mid + 1;
    else hi = mid;
  }
  for (; j < index.length && index[j] < to; j++) {
    const i = index[j];
    out.a[i] = a[j];
    out.b[i] = b[j];
    out.changed[i] = 1;
  }
}
