/**
 * Shot cuts from the lightness histogram: a cut is where consecutive frames' histograms (32 bins
 * of L) differ by more than CUT_DISTANCE in total variation (half the L1 distance, 0..1). The
 * memory and the regions start again at a cut. The threshold is chosen on the clips with known
 * cuts (`npm run eval:video` prints each clip's cuts found against the cuts listed).
 */
export const CUT_DISTANCE = 0.3;
const BINS = 32;

export function lightnessHistogram(L: Float32Array): Float64Array {
  const h = new Float64Array(BINS);
  for (let i = 0; i < L.length; i++) h[Math.min(BINS - 1, Math.max(0, (L[i] * BINS) / 100) | 0)]++;
  for (let k = 0; k < BINS; k++) h[k] /= L.length;
  return h;
}

export function histogramDistance(a: Float64Array, b: Float64Array): number {
  let d = 0;
  for (let k = 0; k < a.length; k++) d += Math.abs(a[k] - b[k]);
  return d / 2;
}

/** Feed frames in order; says whether each starts a new shot (the first frame does). */
export class CutDetector {
  private last: Float64Array | null = null;
  lastDistance = 0;
  constructor(private readonly threshold = CUT_DISTANCE) {}

  isCut(L: Float32Array): boolean {
    const h = lightnessHistogram(L);
    this.lastDistance = this.last ? histogramDistance(this.last, h) : 1;
    this.last = h;
    return this.lastDistance > this.threshold;
  }
}
