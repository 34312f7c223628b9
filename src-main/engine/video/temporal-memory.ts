/**
 * What each frame remembers of the ones before it: a recursive log-linear pool of the network's
 * log-probabilities along the motion,
 *     log p'_t(x) ∝ (1 − μ·c(x)) · log p_t(x) + μ·c(x) · log p'_(t−1)(x + f(x)),
 * where f is the flow from frame t back to t − 1 and c(x) ∈ [0, 1] the share of x's pixels whose
 * flow passed the forward–backward check (occluded or new pixels take the present frame alone).
 * The result is renormalised per pixel, so it is a distribution the photo pipeline (pooling,
 * swatches, strokes) takes as it takes the network's own. A shot cut resets it.
 */
export interface GridFlow {
  /** Flow from t back to t − 1 in grid cells, and the trusted share of each cell. */
  u: Float32Array;
  v: Float32Array;
  trust: Float32Array;
}

import type { Logits } from '../models/colorizer-model.js';
import { normaliseLogRow } from '../colour/pooling.js';

export class TemporalMemory {
  private last: Float32Array | null = null;

  /** Q bins over a w × h grid; the memory is pixel-major (data[i·Q + q]) as pooling.ts logSoftmax lays it out. */
  constructor(
    private readonly Q: number,
    private readonly w: number,
    private readonly h: number,
    private readonly mu: number,
  ) {}

  reset(): void {
    this.last = null;
  }

  /**
   * Pools frame t's network output with the memory (moved by `flow`) and remembers the result.
   * Takes the logits as the network gives them (channel-planar, unnormalised): normalising once
   * after the blend gives the same distribution as blending the log-softmax (a per-pixel constant
   * drops out), for one pass of exp instead of two. Returns log-probabilities, pixel-major.
   */
  update(logits: Logits, flow: GridFlow | null): Float32Array {
    const { Q, w, h } = this;
    const n = w * h;
    const data = logits.data;
    const out = new Float32Array(Q * n);
    const prev = this.mu > 0 && flow ? this.last : null;
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const i = y * w + x,
          o = i * Q;
        const m = prev ? this.mu * flow!.trust[i] : 0;
        let max = -Infinity;
        if (m <= 0) {
          for (let q = 0; q < Q; q++) {
            const v = data[q * n + i];
            out[o + q] = v;
            if (v > max) max = v;
          }
        } else {
          // Bilinear weights of the four cells around where x was in the last frame.
          let sx = x + flow!.u[i],
            sy = y + flow!.v[i];
          sx = sx < 0 ? 0 : sx > w - 1 ? w - 1 : sx;
          sy = sy < 0 ? 0 : sy > h - 1 ? h - 1 : sy;
          const x0 = sx | 0,
            y0 = sy | 0,
            x1 = x0 + 1 < w ? x0 + 1 : x0,
            y1 = y0 + 1 < h ? y0 + 1 : y0,
            fx = sx - x0,
            fy = sy - y0;
          const w00 = m * (1 - fx) * (1 - fy),
            w10 = m * fx * (1 - fy),
            w01 = m * (1 - fx) * fy,
            w11 = m * fx * fy;
          const j00 = (y0 * w + x0) * Q,
            j10 = (y0 * w + x1) * Q,
            j01 = (y1 * w + x0) * Q,
            j11 = (y1 * w + x1) * Q;
          for (let q = 0; q < Q; q++) {
            const v =
              (1 - m) * data[q * n + i] +
              w00 * prev![j00 + q] +
              w10 * prev![j10 + q] +
              w01 * prev![j01 + q] +
              w11 * prev![j11 + q];
            out[o + q] = v;
            if (v > max) max = v;
          }
        }
        normaliseLogRow(out, o, Q, max);
      }
    this.last = out;
    return out;
  }
}
