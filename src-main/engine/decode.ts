/**
 * From logits to ab with the annealed mean (Zhang et al. 2016):
 *   f_T(z) = exp(log z / T) / Σ exp(log z / T),  ab = Σ_q f_T(z)_q · c_q.
 * With z = softmax(logits), f_T(z) = softmax(logits / T), which is what is computed (stable).
 * T = 1 gives the mean of the distribution, T → 0 its mode.
 */
import type { Logits } from './colorizer.js';

export interface AbPlanes {
  a: Float32Array;
  b: Float32Array;
  width: number;
  height: number;
}

export function annealedMean(logits: Logits, bins: Float32Array, temperature: number): AbPlanes {
  const { data, Q, width, height } = logits;
  const n = width * height;
  const a = new Float32Array(n), b = new Float32Array(n);
  const invT = 1 / Math.max(temperature, 1e-6);
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let q = 0; q < Q; q++) max = Math.max(max, data[q * n + i]);
    let sum = 0, sa = 0, sb = 0;
    for (let q = 0; q < Q; q++) {
      const e = Math.exp((data[q * n + i] - max) * invT);
      sum += e;
      sa += e * bins[2 * q];
      sb += e * bins[2 * q + 1];
    }
    a[i] = sa / sum;
    b[i] = sb / sum;
  }
  return { a, b, width, height };
}
