import { describe, expect, it } from 'vitest';
import { jointBilateralUpsample } from '../../src-main/engine/upsample/joint-bilateral-upsample.js';
import { resizeArea, resizeBilinear } from '../../src-main/engine/upsample/resample.js';

/** A sharp vertical edge at x = edge: dark left (L 20), bright right (L 80). */
function edgeL(w: number, h: number, edge: number): Float32Array {
  const L = new Float32Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) L[y * w + x] = x < edge ? 20 : 80;
  return L;
}

describe('joint bilateral upsampling', () => {
  // The network sees an 8× smaller image; the edge falls inside one working pixel, which gets
  // the bright side's colour. a = -40 on the dark side, +40 on the bright side.
  const W = 400,
    H = 40,
    w = 50,
    h = 5,
    edge = 203;
  const Lfull = edgeL(W, H, edge);
  const Llow = resizeArea(Lfull, W, H, w, h);
  const aLow = Llow.map((v) => (v > 50 ? 40 : -40));

  it('keeps colour from bleeding across a sharp lightness edge (bleed < 2 ab units 1 px away)', () => {
    const [a] = jointBilateralUpsample(Llow, [aLow], w, h, Lfull, W, H);
    let bleed = 0;
    for (let x = 0; x < W; x++) bleed = Math.max(bleed, Math.abs(a[x] - (x < edge ? -40 : 40)));
    expect(bleed).toBeLessThan(2);
    // Plain bilinear smears the edge over a working pixel: tens of ab units.
    const plain = resizeBilinear(aLow, w, h, W, H);
    expect(Math.abs(plain[edge - 3] + 40)).toBeGreaterThan(20);
  });

  it('reproduces a constant colour exactly and has no overshoot', () => {
    const [b] = jointBilateralUpsample(Llow, [new Float32Array(w * h).fill(12)], w, h, Lfull, W, H);
    expect(Math.max(...b.map((v) => Math.abs(v - 12)))).toBeLessThan(1e-4);
    const [a] = jointBilateralUpsample(Llow, [aLow], w, h, Lfull, W, H);
    expect(Math.max(...a)).toBeLessThanOrEqual(40 + 1e-4);
    expect(Math.min(...a)).toBeGreaterThanOrEqual(-40 - 1e-4);
  });
});
