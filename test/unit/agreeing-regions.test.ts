/**
 * Splitting a pooling region whose pixels disagree: one coarse region over two halves the network
 * colours differently splits into its two finer regions; over halves it colours alike it stays whole.
 */
import { describe, expect, it } from 'vitest';
import { agreeingRegions } from '../../src-main/engine/colour/agreeing-regions.js';
import { logSoftmax } from '../../src-main/engine/colour/pooling.js';

// Network grid 8×4 under a 32×16 preview; three bins: grey, green (-40, 40), orange (30, 40).
const w = 8,
  h = 4,
  W = 32,
  H = 16,
  Q = 3;
const bins = Float32Array.from([0, 0, -40, 40, 30, 40]);
const coarse = { labels: new Int32Array(W * H), count: 1 };
const fine = { labels: Int32Array.from({ length: W * H }, (_, i) => (i % W < W / 2 ? 0 : 1)), count: 2 };
const labelsAt = (level: number) => (level >= 0.9 ? coarse : fine);

/** Logits (channel-planar) where the left half prefers `left`, the right half `right`. */
function logits(left: number, right: number) {
  const data = new Float32Array(Q * w * h);
  for (let i = 0; i < w * h; i++) {
    const best = i % w < w / 2 ? left : right;
    for (let q = 0; q < Q; q++) data[q * w * h + i] = q === best ? 3 : 0;
  }
  return logSoftmax({ width: w, height: h, Q, stride: 4, data });
}

describe('pooling regions that follow objects', () => {
  it('a region whose halves want green and orange splits into the finer regions', () => {
    const out = agreeingRegions(logits(1, 2), Q, bins, labelsAt, 0.9, W, H, w, h);
    expect(out.count).toBe(2);
    expect(out.labels[0]).not.toBe(out.labels[W - 1]);
  });

  it('a region whose pixels all want green stays whole', () => {
    const out = agreeingRegions(logits(1, 1), Q, bins, labelsAt, 0.9, W, H, w, h);
    expect(out.count).toBe(1);
    expect(new Set(out.labels)).toEqual(new Set([0]));
  });
});
