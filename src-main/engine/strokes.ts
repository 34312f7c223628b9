/**
 * Applying the document's brush strokes to the preview's ab: each stroke's colour is a hard
 * constraint under the brush and spreads edge-aware (stroke-solver.ts) on a coarser solve grid,
 * whose change is brought back to the preview guided by its lightness. Later strokes win where
 * strokes overlap; an eraser stroke removes the hints under it.
 */
import type { Plane } from './colorize.js';
import type { Stroke } from './edit-document.js';
import { jointBilateralUpsample } from './joint-bilateral-upsample.js';
import { fitLongSide, resizeArea } from './resample.js';
import { rasteriseStroke, solveStrokes } from './stroke-solver.js';

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

/** Mean ab of the preview pixels under solve-grid cell p. */
function cellMean(ab: { a: Float32Array; b: Float32Array }, W: number, H: number, w: number, h: number, p: number): [number, number] {
  const cx = p % w, cy = (p / w) | 0;
  const x0 = Math.floor((cx * W) / w), x1 = Math.max(x0 + 1, Math.floor(((cx + 1) * W) / w));
  const y0 = Math.floor((cy * H) / h), y1 = Math.max(y0 + 1, Math.floor(((cy + 1) * H) / h));
  let sa = 0, sb = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) { sa += ab.a[y * W + x]; sb += ab.b[y * W + x]; }
  const n = (x1 - x0) * (y1 - y0);
  return [sa / n, sb / n];
}

/** A colour change below this (ab units; under half a just-noticeable difference, ΔE ≈ 2.3) is not re-rendered. */
const VISIBLE_CHANGE = 1;

/**
 * Adds the strokes' colour change to the preview's ab in place and answers which preview pixels
 * changed (1), so the caller re-renders only those: a stroke on one object leaves the rest of
 * the photo as it was, and skipping it is most of what keeps a stroke interactive.
 */
export function applyStrokes(preview: Plane, ab: { a: Float32Array; b: Float32Array }, strokes: Stroke[], previewPerPixel: number): Uint8Array {
  const { width: W, height: H } = preview;
  const changed = new Uint8Array(W * H);
  const grid = fitLongSide(W, H, SOLVE_SIZE);
  const { width: w, height: h } = grid;
  // The lightness on the solve grid never changes for a photo: made once.
  let Ls = solveGridL.get(preview);
  if (!Ls) solveGridL.set(preview, (Ls = resizeArea(preview.L, W, H, w, h)));
  const want = targets(strokes, previewPerPixel * (w / W), w, h);
  if (want.size === 0) return changed;
  const pixels = Int32Array.from(want.keys());
  const da = new Float32Array(pixels.length), db = new Float32Array(pixels.length);
  pixels.forEach((p, j) => {
    // The change a stroke asks for: its colour minus the current colour there (mean over the cell).
    const [ta, tb] = want.get(p)!, [ca, cb] = cellMean(ab, W, H, w, h, p);
    da[j] = ta - ca; db[j] = tb - cb;
  });
  const delta = solveStrokes(Ls, w, h, { pixels, da, db });
  const active = new Uint8Array(w * h);
  for (let i = 0; i < w * h; i++) active[i] = Math.abs(delta.a[i]) > VISIBLE_CHANGE || Math.abs(delta.b[i]) > VISIBLE_CHANGE ? 1 : 0;
  const [ua, ub] = jointBilateralUpsample(Ls, [delta.a, delta.b], w, h, preview.L, W, H, { active });
  for (let i = 0; i < W * H; i++) {
    if (ua[i] === 0 && ub[i] === 0) continue;
    ab.a[i] += ua[i]; ab.b[i] += ub[i]; changed[i] = 1;
  }
  // Exact colour under the brush itself, at the preview's own resolution.
  for (const [i, [ta, tb]] of targets(strokes, previewPerPixel, W, H)) { ab.a[i] = ta; ab.b[i] = tb; changed[i] = 1; }
  return changed;
}
