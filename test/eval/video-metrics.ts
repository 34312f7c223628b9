/**
 * Temporal metrics of a coloured clip, fed frame by frame (flat memory):
 * - ab warp error (after Lai et al. 2018): the flow from frame t back to t − 1 on the input's
 *   lightness, pixels failing the forward–backward check removed; mean |ab_t − warped ab_(t−1)|
 *   over the trusted pixels, averaged over frames pairs inside a shot;
 * - CDC (ColorMNet's colour distribution consistency): Jensen–Shannon divergence of the
 *   per-channel RGB histograms of frames t and t + k, k = 1, 2, 4, averaged over channels, pairs
 *   and k.
 * The flow is the engine's own Lucas–Kanade (video/optical-flow.ts) at a different size (the
 * evaluation's 320 px against the memory's 128): no learned flow is available here.
 */
import { consistentFlow, denseFlow, sampleBilinear } from '../../src-main/engine/video/optical-flow.js';
import { reduceLightness } from '../../src-main/engine/session/stages.js';
import { resizeArea } from '../../src-main/engine/upsample/resample.js';

const BINS = 64;
const LAGS = [1, 2, 4];
export const EVAL_SIZE = 320;

function histograms(rgb: Uint8Array): Float64Array[] {
  const h = [0, 1, 2].map(() => new Float64Array(BINS));
  const n = rgb.length / 3;
  for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) h[c][(rgb[3 * i + c] * BINS) >> 8]++;
  for (const x of h) for (let k = 0; k < BINS; k++) x[k] /= n;
  return h;
}

function jsd(p: Float64Array, q: Float64Array): number {
  let d = 0;
  for (let k = 0; k < p.length; k++) {
    const m = (p[k] + q[k]) / 2;
    if (p[k] > 0) d += 0.5 * p[k] * Math.log2(p[k] / m);
    if (q[k] > 0) d += 0.5 * q[k] * Math.log2(q[k] / m);
  }
  return d;
}

interface Small {
  L: Float32Array;
  a: Float32Array;
  b: Float32Array;
  width: number;
  height: number;
}

/** Accumulates one clip's warp error and CDC for one colouring (or the truth). */
export class TemporalMetrics {
  private last: Small | null = null;
  private hist: Float64Array[][] = [];
  private warpSum = 0;
  private warpPairs = 0;
  private cdcSum = 0;
  private cdcCount = 0;

  /** `cut`: this frame starts a shot (pairs across a cut are not compared). */
  push(
    frame: { L: Float32Array; a: Float32Array; b: Float32Array; width: number; height: number },
    rgb: Uint8Array,
    cut: boolean,
  ): void {
    const small = reduceLightness(frame, EVAL_SIZE);
    const s: Small = {
      ...small,
      a: resizeArea(frame.a, frame.width, frame.height, small.width, small.height),
      b: resizeArea(frame.b, frame.width, frame.height, small.width, small.height),
    };
    if (this.last && !cut) {
      const { width: w, height: h } = s;
      const back = denseFlow(this.last.L, s.L, w, h);
      const ok = consistentFlow(back, denseFlow(s.L, this.last.L, w, h));
      let sum = 0,
        n = 0;
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++) {
          const i = y * w + x;
          if (!ok[i]) continue;
          const px = x + back.u[i],
            py = y + back.v[i];
          const da = s.a[i] - sampleBilinear(this.last.a, w, h, px, py);
          const db = s.b[i] - sampleBilinear(this.last.b, w, h, px, py);
          sum += Math.hypot(da, db);
          n++;
        }
      if (n) {
        this.warpSum += sum / n;
        this.warpPairs++;
      }
    }
    if (cut) this.hist = [];
    const hs = histograms(rgb);
    this.hist.push(hs);
    if (this.hist.length > 5) this.hist.shift();
    for (const k of LAGS) {
      const before = this.hist[this.hist.length - 1 - k];
      if (!before) continue;
      this.cdcSum += (jsd(before[0], hs[0]) + jsd(before[1], hs[1]) + jsd(before[2], hs[2])) / 3;
      this.cdcCount++;
    }
    this.last = s;
  }

  result(): { warp: number; cdc: number } {
    return { warp: this.warpSum / Math.max(1, this.warpPairs), cdc: this.cdcSum / Math.max(1, this.cdcCount) };
  }
}
