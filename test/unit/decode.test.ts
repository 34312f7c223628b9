import { describe, expect, it } from 'vitest';
import { annealedMean } from '../../src-main/engine/colour/annealed-mean.js';

// Three bins, one pixel, probabilities 0.5 / 0.3 / 0.2.
const bins = Float32Array.from([10, 0, 0, 20, -30, -30]);
const probs = [0.5, 0.3, 0.2];
const logits = { data: Float32Array.from(probs.map(Math.log)), Q: 3, width: 1, height: 1, stride: 4 };

describe('annealed mean', () => {
  it('T = 1 gives the mean of the distribution', () => {
    const { a, b } = annealedMean(logits, bins, 1);
    expect(a[0]).toBeCloseTo(0.5 * 10 + 0.3 * 0 + 0.2 * -30, 4); // -1
    expect(b[0]).toBeCloseTo(0.5 * 0 + 0.3 * 20 + 0.2 * -30, 4); // 0
  });

  it('T -> 0 gives the mode', () => {
    const { a, b } = annealedMean(logits, bins, 1e-4);
    expect(a[0]).toBeCloseTo(10, 4);
    expect(b[0]).toBeCloseTo(0, 4);
  });

  it('T = 0.38 re-weights by p^(1/T), computed by hand', () => {
    const w = probs.map((p) => p ** (1 / 0.38));
    const s = w.reduce((x, y) => x + y);
    const { a, b } = annealedMean(logits, bins, 0.38);
    expect(a[0]).toBeCloseTo((w[0] * 10 + w[2] * -30) / s, 4);
    expect(b[0]).toBeCloseTo((w[1] * 20 + w[2] * -30) / s, 4);
  });

  it('is unchanged by adding a constant to all logits (softmax invariance)', () => {
    const shifted = { ...logits, data: logits.data.map((v) => v + 100) };
    expect(annealedMean(shifted, bins, 0.38).a[0]).toBeCloseTo(annealedMean(logits, bins, 0.38).a[0], 2);
  });
});
