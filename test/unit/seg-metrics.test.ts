import { describe, expect, it } from 'vitest';
import { boundaryCounts, regionMetrics } from '../eval/seg-metrics.js';

// A 4×2 image: two human regions (left and right halves).
const W = 4,
  H = 2;
const halves = Uint16Array.from([1, 1, 2, 2, 1, 1, 2, 2]);
const leafPerPixel = Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7]);

describe('BSDS500 region measures', () => {
  it('score a perfect segmentation as covering 1, PRI 1, VI 0', () => {
    const leaf = Int32Array.from([0, 0, 1, 1, 0, 0, 1, 1]);
    const [r] = regionMetrics(leaf, 2, [halves], [0.5], () => Int32Array.from([0, 1]));
    expect(r.coverNum / r.coverDen).toBeCloseTo(1, 12);
    expect(r.pri).toBeCloseTo(1, 12);
    expect(r.vi).toBeCloseTo(0, 12);
  });

  it('score one region for the whole image by hand-computed values', () => {
    const [r] = regionMetrics(leafPerPixel, 8, [halves], [1], () => new Int32Array(8));
    expect(r.coverNum / r.coverDen).toBeCloseTo(0.5, 12); // each half overlaps the whole image by 4/8
    expect(r.pri).toBeCloseTo(12 / 28, 12); // pairs within a half agree: 2·C(4,2) of C(8,2)
    expect(r.vi).toBeCloseTo(Math.log(2), 12);
  });

  it('average PRI and VI over annotators and pool covering', () => {
    const one = new Uint16Array(8).fill(1);
    const leaf = Int32Array.from([0, 0, 1, 1, 0, 0, 1, 1]);
    const [r] = regionMetrics(leaf, 2, [halves, one], [0.5], () => Int32Array.from([0, 1]));
    expect(r.coverNum / r.coverDen).toBeCloseTo((1 + 0.5) / 2, 12);
    expect(r.pri).toBeCloseTo((1 + 12 / 28) / 2, 12);
    expect(r.vi).toBeCloseTo(Math.log(2) / 2, 12);
  });
});

describe('boundary counts', () => {
  it('match a UCM that draws the human boundary, at levels below its strength only', () => {
    // Boundary pixels of the halves: x = 1 (right neighbour differs), both rows.
    const ucm = Float32Array.from([0, 0.6, 0, 0, 0, 0.6, 0, 0]);
    const b = boundaryCounts(ucm, W, H, [halves], [0.5, 0.7], 0.5);
    expect(Array.from(b.machine)).toEqual([2, 0]);
    expect(Array.from(b.machineMatched)).toEqual([2, 0]);
    expect(Array.from(b.human)).toEqual([2, 2]);
    expect(Array.from(b.humanMatched)).toEqual([2, 0]);
  });
});
