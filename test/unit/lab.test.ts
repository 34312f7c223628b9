import { describe, expect, it } from 'vitest';
import { labToLinear, labToRgb, linearToSrgb, rgbToLab } from '../../src-main/engine/colour/lab.js';

// Reference values: Bruce Lindbloom's calculator (sRGB, D65 reference white, no adaptation).
const REFERENCE: [number[], number[]][] = [
  [
    [1, 1, 1],
    [100, 0, 0],
  ],
  [
    [1, 0, 0],
    [53.2408, 80.0925, 67.2032],
  ],
  [
    [0, 1, 0],
    [87.7347, -86.1827, 83.1793],
  ],
  [
    [0, 0, 1],
    [32.297, 79.1875, -107.8602],
  ],
  [
    [0.5, 0.5, 0.5],
    [53.3889, 0, 0],
  ],
];

describe('sRGB <-> Lab', () => {
  it('matches published reference values to 0.01', () => {
    for (const [rgb, lab] of REFERENCE) {
      const got = rgbToLab(rgb[0], rgb[1], rgb[2]);
      for (let k = 0; k < 3; k++) expect(Math.abs(got[k] - lab[k])).toBeLessThan(0.01);
    }
  });

  it('round-trips every 8-bit grey with max error below 1e-9 (and a = b = 0)', () => {
    let maxErr = 0,
      maxChroma = 0;
    for (let v = 0; v < 256; v++) {
      const [L, a, b] = rgbToLab(v / 255, v / 255, v / 255);
      maxChroma = Math.max(maxChroma, Math.abs(a), Math.abs(b));
      for (const c of labToRgb(L, a, b)) maxErr = Math.max(maxErr, Math.abs(c - v / 255));
    }
    expect(maxErr).toBeLessThan(1e-9);
    // Not exactly 0: the matrix rows sum to 0.9504559 and 1.0890578, not the white point's X and Z.
    expect(maxChroma).toBeLessThan(1e-4);
  });

  it('round-trips a 18³ grid of colours with max error below 1e-9', () => {
    let maxErr = 0;
    for (let r = 0; r < 256; r += 15)
      for (let g = 0; g < 256; g += 15)
        for (let b = 0; b < 256; b += 15) {
          const lab = rgbToLab(r / 255, g / 255, b / 255);
          const back = labToRgb(lab[0], lab[1], lab[2]);
          maxErr = Math.max(
            maxErr,
            Math.abs(back[0] - r / 255),
            Math.abs(back[1] - g / 255),
            Math.abs(back[2] - b / 255),
          );
        }
    expect(maxErr).toBeLessThan(1e-9);
  });

  it('maps L = 0 and L = 100 with no chroma to black and white', () => {
    expect(labToRgb(0, 0, 0).every((c) => Math.abs(c) < 1e-9)).toBe(true);
    expect(labToRgb(100, 0, 0).every((c) => Math.abs(c - 1) < 1e-6)).toBe(true);
    const lin = labToLinear(50, 120, 0);
    expect(Math.max(...lin)).toBeGreaterThan(0); // out of gamut stays unclipped in linear
    expect(linearToSrgb(1)).toBeCloseTo(1, 12);
  });
});
