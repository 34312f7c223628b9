/**
 * edge-barrier.ts by hand: two solve cells 20 px wide over a 40 px photo (centres at x = 10 and
 * 30; the path reaches 3 px past them, to 7..33; the windows behind them are 5 px: 1..6 and
 * 34..39). σ = 10, so an excursion h passes exp(−h²/200).
 */
import { describe, expect, it } from 'vitest';
import { coarserBarrier, edgeBarrier } from '../../src-main/engine/strokes/edge-barrier.js';

const W = 40;
/** A photo W × rows whose L at (x, y) is f(x, y). */
const photo = (rows: number, f: (x: number, y: number) => number) =>
  Float32Array.from({ length: W * rows }, (_, i) => f(i % W, Math.floor(i / W)));

describe('thin edges of the full-resolution L (edgeBarrier)', () => {
  it('a dark line between two cells of the same grey: the excursion is its depth', () => {
    // L 50 with a line of L 20 at x = 20..22: h = 50 − 20 = 30, exp(−900/200) = e^−4.5.
    const b = edgeBarrier(
      photo(1, (x) => (x >= 20 && x <= 22 ? 20 : 50)),
      W,
      1,
      2,
      1,
    );
    expect(b.right[0]).toBeCloseTo(Math.exp(-4.5), 6);
  });

  it('a bright line counts the same; a plain step is no excursion', () => {
    expect(
      edgeBarrier(
        photo(1, (x) => (x === 21 ? 80 : 50)),
        W,
        1,
        2,
        1,
      ).right[0],
    ).toBeCloseTo(Math.exp(-4.5), 6);
    // 40 left of x = 20, 60 right of it: the path stays within the windows' range (40..60).
    expect(
      edgeBarrier(
        photo(1, (x) => (x < 20 ? 40 : 60)),
        W,
        1,
        2,
        1,
      ).right[0],
    ).toBe(1);
  });

  it('texture that reaches as far behind the centres as between them passes', () => {
    // 40 and 60 alternating everywhere: the windows hold both, h = 0.
    expect(
      edgeBarrier(
        photo(1, (x) => (x % 2 ? 40 : 60)),
        W,
        1,
        2,
        1,
      ).right[0],
    ).toBe(1);
    // A line just as dark as the texture's dark pixels is no more than texture: also h = 0.
    expect(
      edgeBarrier(
        photo(1, (x) => (x >= 20 && x <= 22 ? 40 : x % 2 ? 40 : 60)),
        W,
        1,
        2,
        1,
      ).right[0],
    ).toBe(1);
  });

  it('a line across only half the strips leaves a gap: the mean of the strips', () => {
    // 4 rows, one strip each; the line in rows 0 and 1 only: (2·e^−4.5 + 2·1) / 4.
    const b = edgeBarrier(
      photo(4, (x, y) => (y < 2 && x >= 20 && x <= 22 ? 20 : 50)),
      W,
      4,
      2,
      1,
    );
    expect(b.right[0]).toBeCloseTo((2 * Math.exp(-4.5) + 2) / 4, 6);
  });

  it('vertical neighbours read the columns the same way', () => {
    // The same photo turned: 1 px wide, 40 px tall, a line at y = 20..22.
    const L = Float32Array.from({ length: W }, (_, y) => (y >= 20 && y <= 22 ? 20 : 50));
    expect(edgeBarrier(L, 1, W, 1, 2).down[0]).toBeCloseTo(Math.exp(-4.5), 6);
  });
});

describe('the barrier on the coarse grid (coarserBarrier)', () => {
  it('a coarse pair passes the product along each fine lane, the mean across the two lanes', () => {
    // Fine 4 × 2 (right factors per lane: 0.5, 0.4, 0.9 and 1, 0.2, 0.5) → coarse 2 × 1.
    const right = Float32Array.from([0.5, 0.4, 0.9, 0, 1, 0.2, 0.5, 0]);
    const c = coarserBarrier({ right, down: new Float32Array(8) }, 4, 2, 2, 1);
    // Lane 0: 0.5·0.4·0.9 = 0.18; lane 1: 1·0.2·0.5 = 0.1; mean 0.14.
    expect(c.right[0]).toBeCloseTo(0.14, 6);
  });
});
