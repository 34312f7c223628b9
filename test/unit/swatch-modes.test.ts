/**
 * swatches.ts regionModes on hand-made distributions: which bins make a mode (hue around the
 * likeliest unassigned bin, greys apart), its mass, its colour (annealed mean inside the mode) and
 * which modes are offered (at least minMass, at most maxModes, best first). mode-decoding.test.ts
 * has the basic grouping; the arithmetic of each case is in its comments.
 */
import { describe, expect, it } from 'vitest';
import { regionModes } from '../../src-main/engine/colour/swatches.js';

const log = (p: number[]) => Float32Array.from(p, Math.log);
/** A bin of chroma 40 at this hue (degrees). */
const at = (deg: number): [number, number] => [
  40 * Math.cos((deg * Math.PI) / 180),
  40 * Math.sin((deg * Math.PI) / 180),
];
const binsOf = (ab: [number, number][]) => Float32Array.from(ab.flat());
const sorted = (xs: number[]) => [...xs].sort((x, y) => x - y);

describe("a region's modes (regionModes)", () => {
  it("the mode's colour is the annealed mean of its own bins at T", () => {
    // Greens (-40, 40) p 0.5 and (-30, 40) p 0.1, orange (30, 40) p 0.4.
    // T = 0.5: green weights 0.25 and 0.01 → a = (-40·0.25 - 30·0.01) / 0.26 = -10.3/0.26, b = 40.
    const modes = regionModes(log([0.5, 0.1, 0.4]), 0, 3, Float32Array.from([-40, 40, -30, 40, 30, 40]), 0.5);
    expect(modes.map((m) => sorted(m.bins))).toEqual([[0, 1], [2]]);
    expect(modes[0].mass).toBeCloseTo(0.6, 6);
    expect(modes[0].ab[0]).toBeCloseTo(-10.3 / 0.26, 4);
    expect(modes[0].ab[1]).toBeCloseTo(40, 4);
    // A mode of one bin is that bin, at any T.
    expect(modes[1].ab[0]).toBeCloseTo(30, 4);
  });

  it('the seed is the likeliest bin left, and it takes every bin within 40° of itself', () => {
    // Bins at hue 0°, 35°, 70°. Seeded at 0°: {0°, 35°} (35° ≤ 40°), then 70° alone (70° > 40°).
    const bins = binsOf([at(0), at(35), at(70)]);
    expect(regionModes(log([0.5, 0.3, 0.2]), 0, 3, bins, 1).map((m) => sorted(m.bins))).toEqual([[0, 1], [2]]);
    // Seeded at 35°: both neighbours are 35° away, one mode of mass 1.
    const one = regionModes(log([0.3, 0.5, 0.2]), 0, 3, bins, 1);
    expect(one.map((m) => sorted(m.bins))).toEqual([[0, 1, 2]]);
    expect(one[0].mass).toBeCloseTo(1, 6);
  });

  it('hue wraps around: 170° and -170° are 20° apart, one mode', () => {
    const modes = regionModes(log([0.6, 0.3, 0.1]), 0, 3, binsOf([at(170), at(-170), at(0)]), 1);
    expect(modes.map((m) => sorted(m.bins))).toEqual([[0, 1], [2]]);
    expect(modes[0].mass).toBeCloseTo(0.9, 6);
  });

  it('chroma under 12 is neutral whatever its hue; 12 is a colour', () => {
    // (0, 0) and (11, 0) are the grey mode (0.2 + 0.2); (12, 0) is a mode of its own (0.6).
    const modes = regionModes(log([0.2, 0.2, 0.6]), 0, 3, Float32Array.from([0, 0, 11, 0, 12, 0]), 1);
    expect(modes.map((m) => sorted(m.bins))).toEqual([[2], [0, 1]]);
    expect(modes.map((m) => m.mass)).toEqual([expect.closeTo(0.6, 6), expect.closeTo(0.4, 6)]);
  });

  it('modes under minMass are not offered; at most maxModes, best first', () => {
    // Six hues 60° apart, one bin each: each its own mode, masses as given.
    const bins = binsOf([0, 60, 120, 180, 240, 300].map(at));
    const p = [0.02, 0.3, 0.25, 0.2, 0.13, 0.1];
    // Default minMass 0.03 drops the 0.02 mode; the other five fit maxModes = 5.
    expect(regionModes(log(p), 0, 6, bins, 1).map((m) => m.bins[0])).toEqual([1, 2, 3, 4, 5]);
    // minMass 0: six modes, cut to the best five (the 0.02 mode again out).
    expect(regionModes(log(p), 0, 6, bins, 1, 5, 0).map((m) => m.bins[0])).toEqual([1, 2, 3, 4, 5]);
    // maxModes 2, minMass 0: the two best.
    expect(regionModes(log(p), 0, 6, bins, 1, 2, 0).map((m) => m.mass)).toEqual([
      expect.closeTo(0.3, 6),
      expect.closeTo(0.25, 6),
    ]);
    // minMass 0.15: 0.3, 0.25, 0.2 only.
    expect(regionModes(log(p), 0, 6, bins, 1, 5, 0.15).map((m) => m.bins[0])).toEqual([1, 2, 3]);
  });

  it('reads the row at offset of a table of regions', () => {
    // Two rows of Q = 2: row 1 prefers the second bin.
    const table = log([0.9, 0.1, 0.1, 0.9]);
    const bins = binsOf([at(0), at(180)]);
    expect(regionModes(table, 2, 2, bins, 1)[0].bins).toEqual([1]);
    expect(regionModes(table, 0, 2, bins, 1)[0].bins).toEqual([0]);
  });
});
