/**
 * Hand-computed cases of choosing a region's dominant mode with its parent (coherent-modes.ts):
 * an unsure region follows its parent's hue, a sure one keeps its own, α = 0 changes nothing.
 * Masses are the modes' probability mass at T = 1; the parent pools both pixels (geometric mean).
 */
import { describe, expect, it } from 'vitest';
import { coherentDominantModes } from '../../src-main/engine/colour/coherent-modes.js';
import { poolRegions } from '../../src-main/engine/colour/pooling.js';
import { buildPairs } from '../../src-main/engine/colour/region-pairs.js';

// Three bins: green (-40, 40) at 135°, orange (30, 50) at 59° (76° apart: two modes), neutral grey.
const bins = Float32Array.from([-40, 40, 30, 50, 0, 0]);
const Q = 3;
const GREEN = 0,
  ORANGE = 1;
// Two network pixels (w = 2, h = 1) seen on a 2×1 grid: region 0 is pixel 0, region 1 pixel 1,
// and both lie in one parent region.
const grid = { W: 2, H: 1, w: 2, h: 1 };
const labels = Int32Array.from([0, 1]);
const oneParent = (alpha: number) => ({ labels: Int32Array.from([0, 0]), count: 1, alpha, gate: 0.5 });

function dominantBin(pixel0: number[], pixel1: number[], alpha: number): number[] {
  const logp = Float32Array.from([...pixel0, ...pixel1], Math.log);
  const logpS = poolRegions(logp, Q, 2, buildPairs(labels, 2, 1, 2, 1), 2);
  const member = coherentDominantModes(logp, logpS, labels, 2, Q, bins, grid, oneParent(alpha));
  // The chromatic bin inside each region's dominant mode.
  return [0, 1].map((S) => [GREEN, ORANGE].find((q) => member[S * Q + q] === 1)!);
}

describe('dominant modes chosen with the parent', () => {
  it('an unsure region follows its parent', () => {
    // Region 1 alone: orange 0.53 > green 0.42 ≥ 0.5 · 0.53, so both are candidates. Parent:
    // green ∝ √(0.7·0.42) = 0.542, orange ∝ √(0.25·0.53) = 0.364, grey 0.05 → 0.570 / 0.383.
    // Scores at α = 0.8: green 0.2·ln 0.42 + 0.8·ln 0.570 = −0.623 > orange 0.2·ln 0.53 + 0.8·ln 0.383
    // = −0.895 → green.
    expect(dominantBin([0.7, 0.25, 0.05], [0.42, 0.53, 0.05], 0.8)).toEqual([GREEN, GREEN]);
  });

  it('α = 0 keeps each region its own first mode', () => {
    expect(dominantBin([0.7, 0.25, 0.05], [0.42, 0.53, 0.05], 0)).toEqual([GREEN, ORANGE]);
    // α = 0.2: green 0.8·ln 0.42 + 0.2·ln 0.570 = −0.806 < orange 0.8·ln 0.53 + 0.2·ln 0.383 = −0.700.
    expect(dominantBin([0.7, 0.25, 0.05], [0.42, 0.53, 0.05], 0.2)).toEqual([GREEN, ORANGE]);
  });

  it('a sure region keeps its own mode, whatever its parent says', () => {
    // Region 1 is sure of orange (green 0.05 < 0.5 · 0.9: no candidate), region 0 of green
    // (orange 0.25 < 0.5 · 0.7): even at α = 1 neither follows the other.
    expect(dominantBin([0.7, 0.25, 0.05], [0.05, 0.9, 0.05], 1)).toEqual([GREEN, ORANGE]);
  });
});
