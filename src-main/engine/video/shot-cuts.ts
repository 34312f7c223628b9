/**
 * Shot cuts, from two cues measured on the clips with known cuts (`npm run eval:video` prints the
 * cuts found beside the ones SOURCES.md lists):
 * - the decorrelation 1 − r of 32×18 thumbnails of consecutive frames' lightness: a new picture
 *   is unrelated to the last (0.84–1.09 at the listed cuts), while motion, even a fast pan, keeps
 *   a thumbnail correlated (≤ 0.19 on all nine clips);
 * - the total-variation distance of their 32-bin lightness histograms, for flashes (a frame gone
 *   white: 0.22–0.26 decorrelated, but 0.32–0.36 apart in histogram).
 * The memory and the regions start again at a cut.
 */
import { resizeArea } from '../upsample/resample.js';

/** A cut: decorrelated beyond this, */
export const CUT_DECORRELATION = 0.5;
/** or beyond FLASH_DECORRELATION with histograms this far apart. */
export const FLASH_DECORRELATION = 0.2;
export const FLASH_DISTANCE = 0.25;
const BINS = 32;
const THUMB_W = 32,
  THUMB_H = 18;

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

/** 1 − Pearson correlation (0: the same picture up to brightness and contrast, 1: unrelated). */
export function decorrelation(a: Float32Array, b: Float32Array): number {
  let ma = 0,
    mb = 0;
  for (let i = 0; i < a.length; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= a.length;
  mb /= b.length;
  let sab = 0,
    saa = 0,
    sbb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] - ma,
      y = b[i] - mb;
    sab += x * y;
    saa += x * x;
    sbb += y * y;
  }
  // Two flat frames are the same picture; a flat frame after a textured one is a change.
  if (saa < 1e-6 && sbb < 1e-6) return 0;
  return 1 - sab / Math.sqrt(saa * sbb + 1e-6);
}

/** Feed frames in order; says whether each starts a new shot (the first frame does). */
export class CutDetector {
  private last: { hist: Float64Array; thumb: Float32Array } | null = null;

  isCut(L: Float32Array, width: number, height: number): boolean {
    const now = { hist: lightnessHistogram(L), thumb: resizeArea(L, width, height, THUMB_W, THUMB_H) };
    const before = this.last;
    this.last = now;
    if (!before) return true;
    const d = decorrelation(before.thumb, now.thumb);
    return (
      d > CUT_DECORRELATION || (d > FLASH_DECORRELATION && histogramDistance(before.hist, now.hist) > FLASH_DISTANCE)
    );
  }
}
