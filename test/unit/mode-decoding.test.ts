/**
 * Hand-computed cases of the decoder's arithmetic: the κ blend p_x^(1-κ) · p_S^κ with the annealed
 * mean, the swatch modes of a distribution, and decoding a region inside its dominant mode.
 */
import { describe, expect, it } from 'vitest';
import { decodePairs } from '../../src-main/engine/colour/pooling.js';
import { dominantModes } from '../../src-main/engine/colour/dominant-modes.js';
import { regionModes } from '../../src-main/engine/colour/swatches.js';

// One network pixel in one region: a single pair.
const onePair = { start: Int32Array.from([0, 1]), region: Int32Array.from([0]), weight: Float32Array.from([1]) };
const log = (p: number[]) => Float32Array.from(p, Math.log);
const decode = (px: number[], pS: number[], bins: number[], T: number, kappa: number, dominant?: Uint8Array) => {
  const { a, b } = decodePairs(
    log(px),
    px.length,
    1,
    onePair,
    log(pS),
    Float32Array.from(bins),
    T,
    kappa,
    () => null,
    undefined,
    dominant,
  );
  return [a[0], b[0]];
};

describe('the κ blend', () => {
  // Two bins (20, 0) and (0, 20); the pixel prefers the first 4:1, the region the second 4:1.
  const bins = [20, 0, 0, 20],
    px = [0.8, 0.2],
    pS = [0.2, 0.8];

  it("κ = 0 is the pixel's own annealed mean, κ = 1 the region's", () => {
    // T = 1: the mean. 0.8·(20,0) + 0.2·(0,20) = (16, 4).
    expect(decode(px, pS, bins, 1, 0)).toEqual([expect.closeTo(16, 4), expect.closeTo(4, 4)]);
    expect(decode(px, pS, bins, 1, 1)).toEqual([expect.closeTo(4, 4), expect.closeTo(16, 4)]);
  });

  it('κ = 0.5 weighs both equally; κ = 0.25 leaves the pixel 2:1', () => {
    // p^0.5 q^0.5 = (0.4, 0.4): the midpoint.
    expect(decode(px, pS, bins, 1, 0.5)).toEqual([expect.closeTo(10, 4), expect.closeTo(10, 4)]);
    // Ratio (0.8/0.2)^0.75 · (0.2/0.8)^0.25 = 4^0.5 = 2 → weights 2/3, 1/3.
    expect(decode(px, pS, bins, 1, 0.25)).toEqual([expect.closeTo(40 / 3, 4), expect.closeTo(20 / 3, 4)]);
  });

  it('the temperature sharpens the blend: T = 0.5 squares the ratio', () => {
    // Ratio 2^(1/0.5) = 4 → weights 0.8, 0.2.
    expect(decode(px, pS, bins, 0.5, 0.25)).toEqual([expect.closeTo(16, 4), expect.closeTo(4, 4)]);
  });
});

describe('swatch modes', () => {
  // Bins: neutral (0,0); two greens 14° apart; one orange, 82° from the greens.
  const bins = Float32Array.from([0, 0, -40, 40, -30, 40, 30, 40]);
  const p = [0.2, 0.5, 0.1, 0.2];

  it('group bins by hue around the most probable, greys apart, best first', () => {
    const modes = regionModes(log(p), 0, 4, bins, 1);
    expect(modes.map((m) => m.bins.sort())).toEqual([[1, 2], [0], [3]]);
    expect(modes.map((m) => m.mass)).toEqual([expect.closeTo(0.6, 6), expect.closeTo(0.2, 6), expect.closeTo(0.2, 6)]);
    // T = 1: the mass-weighted mean of the mode's bins: (-40·0.5 - 30·0.1) / 0.6.
    expect(modes[0].ab[0]).toBeCloseTo(-115 / 3, 4);
    expect(modes[0].ab[1]).toBeCloseTo(40, 4);
  });

  it("a swatch's colour at T → 0 is its most probable bin", () => {
    expect(regionModes(log(p), 0, 4, bins, 0.05)[0].ab[0]).toBeCloseTo(-40, 2);
  });
});

describe('decoding a region inside its dominant mode', () => {
  // Green (-40, 40) against orange (30, 40): the full mean at T = 1 is a muddy (-8.5, 40).
  const bins = [-40, 40, 30, 40],
    pS = [0.55, 0.45];
  const dominant = dominantModes(log(pS), 1, 2, Float32Array.from(bins));

  it('the dominant mode is the green bin alone', () => {
    expect([...dominant]).toEqual([1, 0]);
  });

  it('without it κ = 1 averages across modes; with it the region stays green', () => {
    expect(decode(pS, pS, bins, 1, 1)[0]).toBeCloseTo(-8.5, 4);
    // The orange bin is held back by e^-2 (MODE_LOGP): a = -40 + 70 · 0.45e^-2 / (0.55 + 0.45e^-2) ≈ -33.
    const r = 0.45 * Math.exp(-2);
    expect(decode(pS, pS, bins, 1, 1, dominant)[0]).toBeCloseTo(-40 + (70 * r) / (0.55 + r), 5);
  });

  it('κ = 0 ignores it: per pixel stays per pixel', () => {
    expect(decode(pS, pS, bins, 1, 0, dominant)[0]).toBeCloseTo(-8.5, 4);
  });
});
