/**
 * From logits to ab with the annealed mean (Zhang et al. 2016):
 *   f_T(z) = exp(log z / T) / Σ exp(log z / T),  ab = Σ_q f_T(z)_q · c_q.
 * With z = softmax(logits), f_T(z) = softmax(logits / T). T = 1 gives the mean of the
 * distribution, T → 0 its mode. The arithmetic is pooling.ts's decodePairs (the path the editor
 * and the CLI use) with one pair per pixel and no region pooling, so the hand-computed tests of
 * this function cover the shipped decoder.
 */
import type { Logits } from '../models/colorizer-model.js';
import { decodePairs, logSoftmax } from './pooling.js';

export interface AbPlanes {
  a: Float32Array;
  b: Float32Array;
  width: number;
  height: number;
}

export function annealedMean(logits: Logits, bins: Float32Array, temperature: number): AbPlanes {
  const { width, height, Q } = logits;
  const n = width * height;
  const pairs = {
    start: Int32Array.from({ length: n + 1 }, (_, i) => i),
    region: new Int32Array(n).fill(-1),
    weight: new Float32Array(n).fill(1),
  };
  // softmax(logits / T) = softmax(log softmax(logits) / T).
  const { a, b } = decodePairs(logSoftmax(logits), Q, n, pairs, null, bins, temperature, 0, () => null);
  return { a, b, width, height };
}
