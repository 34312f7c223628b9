/**
 * From working resolution to the photo's own size: nearest neighbour of the working pixels, so
 * every full-resolution pixel gets exactly one region and no label is invented at a border.
 * Full-size pixel X takes working pixel floor((X + 0.5) · w / W): centres aligned, and since the
 * working size never exceeds the full size, 4-neighbours at full size fall on the same or
 * 4-neighbouring working pixels (so full-size borders are borders of the hierarchy).
 */
import { ucmOf, type RegionHierarchy } from './hierarchy.js';

export function nearestIndex(W: number, w: number): Int32Array {
  const idx = new Int32Array(W);
  for (let X = 0; X < W; X++) idx[X] = Math.min(w - 1, Math.floor(((X + 0.5) * w) / W));
  return idx;
}

/** Resamples a working-resolution plane (any typed array) to W×H by nearest neighbour. */
export function upsampleNearest<T extends Int32Array | Uint32Array | Float32Array>(
  src: T,
  w: number,
  h: number,
  W: number,
  H: number,
  make: (n: number) => T,
): T {
  if (W === w && H === h) return src.slice() as T;
  const out = make(W * H);
  const xi = nearestIndex(W, w),
    yi = nearestIndex(H, h);
  for (let Y = 0; Y < H; Y++) {
    const row = yi[Y] * w,
      o = Y * W;
    for (let X = 0; X < W; X++) out[o + X] = src[row + xi[X]];
  }
  return out;
}

/** Region labels 1..count at W×H for the hierarchy's level t. */
export function labelsAtFullResolution(
  hier: RegionHierarchy,
  level: number,
  W: number,
  H: number,
): { labels: Uint32Array; count: number; regions: Int32Array } {
  const at = hier.labelsAtLevel(level);
  return { ...at, labels: upsampleNearest(at.labels, hier.width, hier.height, W, H, (n) => new Uint32Array(n)) };
}

/** The UCM at W×H: borders drawn one pixel wide at full size, with the hierarchy's levels. */
export function ucmAtFullResolution(hier: RegionHierarchy, W: number, H: number): Float32Array {
  if (W === hier.width && H === hier.height) return hier.ucm();
  const leaves = upsampleNearest(hier.leafLabels, hier.width, hier.height, W, H, (n) => new Int32Array(n));
  return ucmOf(leaves, W, H, (a, b) => hier.borderLevel(a, b));
}
