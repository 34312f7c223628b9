/**
 * pooling.ts on distributions small enough to work out on paper (the arithmetic is in the
 * comments): the log-linear pool per region, a network pixel that straddles regions, a chosen
 * swatch's mask, and how hard MODE_LOGP holds a region's other modes back. mode-decoding.test.ts
 * has the plain κ blend and temperature on one pair.
 */
import { describe, expect, it } from 'vitest';
import { decodePairs, poolRegions } from '../../src-main/engine/colour/pooling.js';
import { dominantModes, MODE_LOGP } from '../../src-main/engine/colour/dominant-modes.js';
import type { Pairs } from '../../src-main/engine/colour/region-pairs.js';

const log = (p: number[]) => Float32Array.from(p, Math.log);
const exp = (v: Float32Array) => Array.from(v, Math.exp);
const pairs = (perPixel: [region: number, weight: number][][]): Pairs => {
  const start = [0];
  for (const list of perPixel) start.push(start.at(-1)! + list.length);
  const flat = perPixel.flat();
  return {
    start: Int32Array.from(start),
    region: Int32Array.from(flat, ([r]) => r),
    weight: Float32Array.from(flat, ([, w]) => w),
  };
};
const close = (xs: number[], digits = 5) => xs.map((x) => expect.closeTo(x, digits));

describe('the log-linear pool per region: log p_S = normalised weighted mean of log p', () => {
  // Pixel 0 leans to bin 0, pixel 1 to bin 2, both give bin 1 a third.
  const p0 = [0.64, 0.32, 0.04],
    p1 = [0.04, 0.32, 0.64];

  it('two pixels of equal weight: the normalised geometric mean, which favours the bin both accept', () => {
    // √(0.64·0.04) = 0.16, √(0.32·0.32) = 0.32, 0.16 → sum 0.64 → (0.25, 0.5, 0.25).
    // (The linear mean would be (0.34, 0.32, 0.34): bin 1 would lose instead of win.)
    const logpS = poolRegions(log([...p0, ...p1]), 3, 2, pairs([[[0, 1]], [[0, 1]]]), 1);
    expect(exp(logpS)).toEqual(close([0.25, 0.5, 0.25]));
  });

  it('weights 3:1 raise the pixels to 3/4 and 1/4', () => {
    // (0.9, 0.1) and (0.1, 0.9): bin 0 / bin 1 = (0.9/0.1)^(3/4 - 1/4) = 9^0.5 = 3 → (0.75, 0.25).
    const logpS = poolRegions(log([0.9, 0.1, 0.1, 0.9]), 2, 2, pairs([[[0, 3]], [[0, 1]]]), 1);
    expect(exp(logpS)).toEqual(close([0.75, 0.25]));
  });

  it('each region pools only its own pairs; a region without pixels is uniform', () => {
    // Pixel 1 is in region 0 (weight 1) and region 1 (weight 0.5): region 0 is the first case,
    // region 1 is pixel 1 alone (any weight), region 2 has no pairs: log(1/3) everywhere.
    const logpS = poolRegions(
      log([...p0, ...p1]),
      3,
      2,
      pairs([
        [[0, 1]],
        [
          [0, 1],
          [1, 0.5],
        ],
      ]),
      3,
    );
    expect(exp(logpS.subarray(0, 3))).toEqual(close([0.25, 0.5, 0.25]));
    expect(exp(logpS.subarray(3, 6))).toEqual(close(p1));
    expect(exp(logpS.subarray(6, 9))).toEqual(close([1 / 3, 1 / 3, 1 / 3]));
  });
});

describe('decodePairs: p′ ∝ p^(1−κ) · p_S^κ, annealed at T, per pair', () => {
  // Bins (20, 0) and (0, 20).
  const bins = Float32Array.from([20, 0, 0, 20]);

  it('a pixel on a border is decoded once per region, and outside every region on its own', () => {
    // The pixel is undecided (0.5, 0.5); region 0 pooled to (0.8, 0.2), region 1 to (0.2, 0.8).
    // κ = 0.5, T = 1: √(0.5·0.8) : √(0.5·0.2) = 2 : 1 → (40/3, 20/3) in region 0, (20/3, 40/3)
    // in region 1; the pair with region -1 (no region) keeps the pixel's own mean (10, 10).
    const px = pairs([
      [
        [0, 0.5],
        [1, 0.25],
        [-1, 0.25],
      ],
    ]);
    const { a, b } = decodePairs(log([0.5, 0.5]), 2, 1, px, log([0.8, 0.2, 0.2, 0.8]), bins, 1, 0.5, () => null);
    expect([...a]).toEqual(close([40 / 3, 20 / 3, 10], 4));
    expect([...b]).toEqual(close([20 / 3, 40 / 3, 10], 4));
  });

  it('no pooled table (logpS null): every pair is the pixel’s own annealed mean', () => {
    // T = 0.5 squares the probabilities: 0.8² : 0.2² = 0.64 : 0.04 → a = 20·0.64/0.68, b = 20·0.04/0.68.
    const { a, b } = decodePairs(log([0.8, 0.2]), 2, 1, pairs([[[0, 1]]]), null, bins, 0.5, 1, () => null);
    expect(a[0]).toBeCloseTo((20 * 0.64) / 0.68, 4);
    expect(b[0]).toBeCloseTo((20 * 0.04) / 0.68, 4);
  });
});

describe('a chosen swatch and the dominant mode', () => {
  // Bins (20, 0), (0, 20), (-20, 0); pixel and region agree on (0.5, 0.3, 0.2), so p′ = p.
  const bins = Float32Array.from([20, 0, 0, 20, -20, 0]);
  const p = [0.5, 0.3, 0.2];
  const swatch = Float32Array.from([-Infinity, 0, 0]); // the mode {bin 1, bin 2}
  const run = (T: number, dominant?: Uint8Array) =>
    decodePairs(log(p), 3, 1, pairs([[[0, 1]]]), log(p), bins, T, 0.5, () => swatch, undefined, dominant);

  it("the swatch's mask decodes inside its bins only", () => {
    // T = 1: weights 0.3, 0.2 of 0.5 → a = -20·0.2/0.5 = -8, b = 20·0.3/0.5 = 12.
    const one = run(1);
    expect([one.a[0], one.b[0]]).toEqual(close([-8, 12], 4));
    // T = 0.5: 0.09, 0.04 of 0.13 → a = -0.8/0.13, b = 1.8/0.13.
    const half = run(0.5);
    expect([half.a[0], half.b[0]]).toEqual(close([-0.8 / 0.13, 1.8 / 0.13], 4));
  });

  it('a chosen swatch wins over the dominant mode (no hold-back on top of the mask)', () => {
    // Dominant mode: bin 1 alone. Were it applied on top of the mask, bin 2 would lose e^-1
    // (κ·MODE_LOGP) and a would move from -8 towards 0; with the swatch chosen it stays (-8, 12).
    const r = run(1, Uint8Array.from([0, 1, 0]));
    expect([r.a[0], r.b[0]]).toEqual(close([-8, 12], 4));
  });

  it('MODE_LOGP = 2: κ = 0.5 holds the other modes back by e^-1 at T = 1, by e^-2 at T = 0.5', () => {
    expect(MODE_LOGP).toBe(2);
    // Green (-40, 40) and orange (30, 40), equally likely for the pixel and the region; the
    // region's dominant mode is green (dominantModes breaks the tie by bin order).
    const two = Float32Array.from([-40, 40, 30, 40]);
    const dominant = dominantModes(log([0.5, 0.5]), 1, 2, two);
    expect([...dominant]).toEqual([1, 0]);
    const dec = (T: number) =>
      decodePairs(
        log([0.5, 0.5]),
        2,
        1,
        pairs([[[0, 1]]]),
        log([0.5, 0.5]),
        two,
        T,
        0.5,
        () => null,
        undefined,
        dominant,
      ).a[0];
    // T = 1: orange weighs e^-(0.5·2) = e^-1 against green's 1: a = -40 + 70·e^-1/(1 + e^-1) ≈ -21.18.
    expect(dec(1)).toBeCloseTo(-40 + (70 * Math.exp(-1)) / (1 + Math.exp(-1)), 4);
    // T = 0.5: the exponent is (0.5 ln p + 0.5 ln p - 1) / 0.5 = 2 ln p - 2: e^-2 against 1.
    expect(dec(0.5)).toBeCloseTo(-40 + (70 * Math.exp(-2)) / (1 + Math.exp(-2)), 4);
  });
});

describe('dominantModes: the mode with the most mass, per region row', () => {
  // Bins: neutral (0, 0); greens (-40, 40) and (-30, 40), 8° apart in hue; orange (30, 40).
  const bins = Float32Array.from([0, 0, -40, 40, -30, 40, 30, 40]);

  it('is chosen by mass, not by the most probable bin; each row its own', () => {
    // Region 0: orange is the single likeliest bin (0.35), but the greens hold 0.25 + 0.25 = 0.5.
    // Region 1: neutral 0.5 against greens 0.3 and orange 0.2.
    const logpS = log([0.15, 0.25, 0.25, 0.35, 0.5, 0.2, 0.1, 0.2]);
    expect([...dominantModes(logpS, 2, 4, bins)]).toEqual([0, 1, 1, 0, 1, 0, 0, 0]);
  });

  it('overwrites what the reused buffer held', () => {
    const out = new Uint8Array(8).fill(1);
    dominantModes(log([0.05, 0.05, 0.05, 0.85, 0.05, 0.05, 0.05, 0.85]), 2, 4, bins, out);
    expect([...out]).toEqual([0, 0, 0, 1, 0, 0, 0, 1]);
  });
});
