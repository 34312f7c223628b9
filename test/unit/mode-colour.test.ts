/**
 * mode-colour.ts on a hand-made "peppers" region: one pixel sure it is red, one sure it is
 * yellow. Their log-linear pool puts its mass on the low-chroma bins both allow, so the pool's
 * colour inside the red mode is a muted brick; the members' colour is the red the red pixel
 * says. The arithmetic of each expectation is in the comments.
 */
import { describe, expect, it } from 'vitest';
import { characteristicModes, swatchMask } from '../../src-main/engine/colour/mode-colour.js';
import { regionModes } from '../../src-main/engine/colour/swatches.js';
import { decodePairs, poolRegions } from '../../src-main/engine/colour/pooling.js';

// Bins: red (hue 31°) at chroma 58 and 17.5, grey, yellow (hue ~85°) at chroma 70.2 and 20.1.
const bins = Float32Array.from([50, 30, 15, 9, 0, 0, 2, 20, 5, 70]);
const Q = 5;
const RED_HI = 0,
  RED_LO = 1,
  YEL_HI = 4;
// Pixel 0 is red, pixel 1 yellow (mirror images of each other).
const red = [0.8, 0.15, 0.04, 0.009, 0.001];
const yellow = [0.001, 0.009, 0.04, 0.15, 0.8];
const logp = Float32Array.from([...red, ...yellow], Math.log);
const wt = Float64Array.of(1, 1);
const pairs = { start: Int32Array.of(0, 1, 2), region: Int32Array.of(0, 0), weight: Float32Array.of(1, 1) };
const logpS = poolRegions(logp, Q, 2, pairs, 1);

describe("a swatch's characteristic colour (characteristicModes)", () => {
  it('the pool is muted, the members are not', () => {
    const modes = regionModes(logpS, 0, Q, bins, 1);
    const redMode = modes.find((m) => m.bins.includes(RED_HI))!;
    expect([...redMode.bins].sort()).toEqual([RED_HI, RED_LO]);
    // Pool: √(0.8·0.001) = 0.02828 and √(0.15·0.009) = 0.03674 → inside the mode 0.435 : 0.565,
    // a = 0.435·50 + 0.565·15 = 30.2, b = 0.435·30 + 0.565·9 = 18.1: chroma 35.
    expect(Math.hypot(...redMode.ab)).toBeCloseTo(Math.hypot(30.23, 18.14), 0);

    const [first, second] = characteristicModes(logp, Q, wt, modes, bins, 1);
    const redChar = [first, second].find((m) => m.bins.includes(RED_HI))!;
    // Members: the red pixel holds m = 0.95 of the mode, the yellow one 0.01.
    // p_M(hi) ∝ 0.95·0.8 + 0.01·0.001 = 0.76001, p_M(lo) ∝ 0.95·0.15 + 0.01·0.009 = 0.14259
    // → 0.84203 : 0.15797; a = 42.10 + 2.37 = 44.47, b = 25.26 + 1.42 = 26.68 (chroma 51.9).
    const hi = 0.76001 / (0.76001 + 0.14259);
    expect(redChar.ab[0]).toBeCloseTo(hi * 50 + (1 - hi) * 15, 3);
    expect(redChar.ab[1]).toBeCloseTo(hi * 30 + (1 - hi) * 9, 3);
    expect(Math.exp(redChar.logMembers[RED_HI])).toBeCloseTo(hi, 5);
    expect(redChar.logMembers[YEL_HI]).toBe(-Infinity);
    // Mass and bins stay the pool's: which modes are offered does not change.
    expect(redChar.mass).toBe(redMode.mass);
    // The same for yellow, by symmetry.
    const yelChar = [first, second].find((m) => m.bins.includes(YEL_HI))!;
    expect(yelChar.ab[0]).toBeCloseTo(hi * 5 + (1 - hi) * 2, 3);
    expect(yelChar.ab[1]).toBeCloseTo(hi * 70 + (1 - hi) * 20, 3);
  });

  it('is annealed at T: at T = 0.5 the members are squared', () => {
    const modes = characteristicModes(logp, Q, wt, regionModes(logpS, 0, Q, bins, 0.5), bins, 0.5);
    const m = modes.find((x) => x.bins.includes(RED_HI))!;
    const hi = 0.76001 ** 2 / (0.76001 ** 2 + 0.14259 ** 2);
    expect(m.ab[0]).toBeCloseTo(hi * 50 + (1 - hi) * 15, 3);
  });

  it('a pixel that does not belong to the region does not count', () => {
    const modes = regionModes(logpS, 0, Q, bins, 1);
    // Only the yellow pixel in the region: its red is 0.001 : 0.009 → a = 0.1·50 + 0.9·15 = 18.5.
    const m = characteristicModes(logp, Q, Float64Array.of(0, 1), modes, bins, 1).find((x) => x.bins.includes(RED_HI))!;
    expect(m.ab[0]).toBeCloseTo(0.1 * 50 + 0.9 * 15, 3);
    expect(m.ab[1]).toBeCloseTo(0.1 * 30 + 0.9 * 9, 3);
  });

  it('a chosen swatch decodes to its colour at κ = 1, inside the mode at κ = 0', () => {
    const T = 0.38;
    const modes = characteristicModes(logp, Q, wt, regionModes(logpS, 0, Q, bins, T), bins, T);
    const m = modes.find((x) => x.bins.includes(RED_HI))!;
    const decode = (kappa: number) =>
      decodePairs(logp, Q, 2, pairs, logpS, bins, T, kappa, () => swatchMask(m, logpS, 0, Q, T, kappa));
    // κ = 1: both pixels decode the members' distribution: exactly the swatch.
    const one = decode(1);
    for (const k of [0, 1]) {
      expect(one.a[k]).toBeCloseTo(m.ab[0], 3);
      expect(one.b[k]).toBeCloseTo(m.ab[1], 3);
    }
    // κ = 0: the mask is 0 inside the mode, each pixel its own red: the yellow pixel's red is
    // 0.001 : 0.009 annealed at T = 0.38 (exponent 2.63): hi share 0.001^2.63 / (… + 0.009^2.63) = 0.0030.
    const zero = decode(0);
    const e = 1 / T,
      w = 0.001 ** e / (0.001 ** e + 0.009 ** e);
    expect(zero.a[1]).toBeCloseTo(w * 50 + (1 - w) * 15, 3);
    expect([...swatchMask(m, logpS, 0, Q, T, 0)]).toEqual([0, 0, -Infinity, -Infinity, -Infinity]);
  });
});
