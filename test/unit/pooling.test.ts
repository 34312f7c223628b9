import { describe, expect, it } from 'vitest';
import { logSoftmax, poolLabel, poolRegions } from '../../src-main/engine/colour/pooling.js';
import { buildPairs } from '../../src-main/engine/colour/region-pairs.js';

// A 6×4 network grid under a 24×16 label map of three regions (two halves, one split by a diagonal).
const w = 6,
  h = 4,
  Q = 5,
  W = 24,
  H = 16;
const logits = {
  width: w,
  height: h,
  Q,
  stride: 4,
  data: Float32Array.from({ length: Q * w * h }, (_, i) => Math.sin(i * 1.7) * 3),
};
const labels = Int32Array.from({ length: W * H }, (_, i) => {
  const x = i % W,
    y = Math.floor(i / W);
  return x < W / 2 ? 0 : x - W / 2 > y ? 1 : 2;
});

describe('pooling over regions', () => {
  const logp = logSoftmax(logits);

  it('log-softmax is pixel-major and normalised', () => {
    for (let i = 0; i < w * h; i++) {
      let s = 0;
      for (let q = 0; q < Q; q++) s += Math.exp(logp[i * Q + q]);
      expect(s).toBeCloseTo(1, 6);
    }
  });

  it("every fine pixel's bilinear weight lands in the pairs, per region", () => {
    const pairs = buildPairs(labels, W, H, w, h);
    const perRegion = [0, 0, 0];
    for (let k = 0; k < pairs.region.length; k++) perRegion[pairs.region[k]] += pairs.weight[k];
    const area = [0, 1, 2].map((r) => labels.filter((l) => l === r).length);
    perRegion.forEach((wsum, r) => expect(wsum).toBeCloseTo(area[r], 3));
  });

  it('one region pooled on its own (a clicked region) equals its row of the pooled table', () => {
    const pairs = buildPairs(labels, W, H, w, h);
    const table = poolRegions(logp, Q, w * h, pairs, 3);
    for (const r of [0, 1, 2]) {
      const own = poolLabel(logp, Q, labels, r, W, H, w, h);
      for (let q = 0; q < Q; q++) expect(own[q]).toBeCloseTo(table[r * Q + q], 5);
    }
  });
});
