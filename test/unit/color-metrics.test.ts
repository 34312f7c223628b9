/**
 * The hue metrics of eval:color (test/eval/color-metrics.ts) on hand-made Lab planes whose answer
 * is known: hue recall and where the missed pixels went (hueDestinations), and how far a recall
 * moves when the photos are drawn again (resampledRecall), and how far a difference between two
 * models on the same photos does (pairedAucDifference, pairedMeanDifference, pairedRatioDifference).
 */
import { describe, expect, it } from 'vitest';
import {
  HUE_FAMILIES,
  hueDestinations,
  hueRecallCounts,
  pairedAucDifference,
  pairedMeanDifference,
  pairedRatioDifference,
  resampledRecall,
  type LabPlanes,
} from '../eval/color-metrics.js';

/** A 1 × n image of the given ab pairs at L 50. */
function planes(ab: [number, number][]): LabPlanes {
  return {
    L: new Float32Array(ab.length).fill(50),
    a: Float32Array.from(ab, (p) => p[0]),
    b: Float32Array.from(ab, (p) => p[1]),
    width: ab.length,
    height: 1,
  };
}

const polar = (deg: number, chroma: number): [number, number] => [
  chroma * Math.cos((deg * Math.PI) / 180),
  chroma * Math.sin((deg * Math.PI) / 180),
];
const family = (name: string) => HUE_FAMILIES.findIndex((f) => f.name === name);

describe('hueDestinations', () => {
  it('counts each truth family pixel as grey or as the family of its predicted hue', () => {
    // Truth: four red pixels (hue 30°), one green (150°), one too dull to count (chroma 10).
    const truth = planes([polar(30, 40), polar(30, 40), polar(30, 40), polar(30, 40), polar(150, 30), polar(30, 10)]);
    // Prediction: red kept, red gone grey, red painted green, red painted yellow (80°), green kept.
    const pred = planes([polar(35, 30), polar(30, 5), polar(140, 20), polar(80, 20), polar(160, 25), polar(30, 30)]);
    const F = HUE_FAMILIES.length;
    const d = hueDestinations(pred, truth);
    const at = (truthFam: string, dest: string) =>
      d[family(truthFam) * (F + 1) + (dest === 'grey' ? 0 : 1 + family(dest))];
    expect(at('red', 'red')).toBe(1);
    expect(at('red', 'grey')).toBe(1);
    expect(at('red', 'green')).toBe(1);
    expect(at('red', 'yellow')).toBe(1);
    expect(at('green', 'green')).toBe(1);
    expect(d.reduce((s, c) => s + c, 0)).toBe(5); // the dull truth pixel is not counted
    // Hue recall agrees: of the four red pixels one is within 45° with chroma > 8.
    const r = hueRecallCounts(pred, truth);
    expect([r.hits[family('red')], r.total[family('red')]]).toEqual([1, 4]);
  });

  it('red wraps past 0°: a hue of 350° is red, 340° purple', () => {
    const truth = planes([polar(350, 30), polar(340, 30)]);
    const F = HUE_FAMILIES.length;
    const d = hueDestinations(truth, truth);
    expect(d[family('red') * (F + 1) + 1 + family('red')]).toBe(1);
    expect(d[family('purple') * (F + 1) + 1 + family('purple')]).toBe(1);
  });
});

describe('resampledRecall', () => {
  it('is a point where every photo has the same recall', () => {
    expect(resampledRecall([5, 10, 20], [10, 20, 40])).toEqual({ lo: 0.5, hi: 0.5 });
  });

  it('is wide where one photo holds most of the pixels, narrow where many share them', () => {
    // One photo with 900 pixels all right, nine with 10 pixels all wrong: the pooled recall is
    // 0.91, and a resample without the big photo (a chance of 0.9^10 ≈ 0.35) scores 0.
    const few = resampledRecall([900, 0, 0, 0, 0, 0, 0, 0, 0, 0], [900, 10, 10, 10, 10, 10, 10, 10, 10, 10]);
    expect(few.lo).toBe(0);
    expect(few.hi).toBeGreaterThan(0.9);
    // 100 photos of 10 pixels, half all right and half all wrong: 0.5 ± about 1.6 / √100 · 0.5.
    const many = resampledRecall(
      Array.from({ length: 100 }, (_, i) => (i % 2 ? 10 : 0)),
      Array.from({ length: 100 }, () => 10),
    );
    expect(many.lo).toBeGreaterThan(0.4);
    expect(many.hi).toBeLessThan(0.6);
    expect(many.hi - many.lo).toBeGreaterThan(0.1);
  });

  it('prints the same numbers twice for one seed', () => {
    const hits = [3, 7, 1, 9, 4],
      totals = [10, 10, 10, 10, 10];
    expect(resampledRecall(hits, totals, 500, 7)).toEqual(resampledRecall(hits, totals, 500, 7));
  });
});

/** A photo's error histogram (errorHistogram's 152 bins) with `n` pixels at each listed error. */
function histogram(errors: number[], n = 10): Float64Array {
  const h = new Float64Array(152);
  for (const e of errors) h[e] += n;
  return h;
}

describe('pairedAucDifference', () => {
  it('is exactly 0 for the same model twice, however the photos differ', () => {
    const photos = [histogram([0, 5]), histogram([40, 90]), histogram([151])];
    const same = pairedAucDifference(photos, photos);
    expect(same).toMatchObject({ diff: 0, lo: 0, hi: 0 });
    expect(same.a).toBe(same.b);
  });

  it('stays above 0 where the candidate is a little better on every photo, though the photos differ a lot', () => {
    // 100 photos from easy (error 2) to hard (error 101); b's error is 1 lower on each. Alone,
    // either AuC moves by several points over resamples; the paired difference by little.
    const a = Array.from({ length: 100 }, (_, i) => histogram([2 + i])),
      b = Array.from({ length: 100 }, (_, i) => histogram([1 + i]));
    const d = pairedAucDifference(a, b);
    expect(d.diff).toBeCloseTo(100 / 151, 6); // every pixel's error 1 lower: one threshold earlier
    expect(d.b - d.a).toBeCloseTo(d.diff, 9);
    expect(d.lo).toBeCloseTo(d.diff, 6); // the same gain on every photo: no spread at all
    expect(d.hi).toBeCloseTo(d.diff, 6);
  });

  it('straddles 0 where the candidate wins on some photos and loses as much on others', () => {
    const a = Array.from({ length: 40 }, () => histogram([20])),
      b = Array.from({ length: 40 }, (_, i) => histogram([i % 2 ? 10 : 30]));
    const d = pairedAucDifference(a, b);
    expect(d.diff).toBeCloseTo(0, 6);
    expect(d.lo).toBeLessThan(0);
    expect(d.hi).toBeGreaterThan(0);
    expect(() => pairedAucDifference(a, b.slice(1))).toThrow(/different photos/);
  });
});

describe('pairedMeanDifference', () => {
  it('is the mean per-photo difference, with a range that shrinks to it when every photo moves alike', () => {
    expect(pairedMeanDifference([20, 25, 30], [20.5, 25.5, 30.5])).toEqual({
      a: 25,
      b: 25.5,
      diff: 0.5,
      lo: 0.5,
      hi: 0.5,
    });
    const mixed = pairedMeanDifference([20, 20, 20, 20], [21, 19, 21, 19]);
    expect(mixed.diff).toBe(0);
    expect(mixed.lo).toBeLessThan(0);
    expect(mixed.hi).toBeGreaterThan(0);
  });
});

describe('pairedRatioDifference', () => {
  it("pools each model's counts over the photos before dividing, each over its own denominators", () => {
    // Photo 1 holds most of the pixels: the pooled share is not the mean of the photos' shares.
    const a = { num: [90, 0], den: [100, 10] },
      b = { num: [80, 10], den: [100, 20] };
    const d = pairedRatioDifference(a, b);
    expect(d.a).toBeCloseTo(90 / 110, 12);
    expect(d.b).toBeCloseTo(90 / 120, 12);
    expect(d.diff).toBeCloseTo(90 / 120 - 90 / 110, 12);
    // On the first photo alone b is below a (0.8 against 0.9), on the second above (0.5 against 0).
    expect(d.lo).toBeLessThan(0);
  });

  it('is exactly 0 for the same counts twice, and refuses models that saw different photos', () => {
    // The second photo has none of the family: a draw of it alone has no denominator and is skipped.
    const m = { num: [3, 0, 7], den: [10, 0, 9] };
    expect(pairedRatioDifference(m, m)).toMatchObject({ diff: 0, lo: 0, hi: 0 });
    expect(() => pairedRatioDifference(m, { num: [1], den: [2] })).toThrow(/different photos/);
  });

  it('gives NaN, not a crash, where a model has no pixel in the denominator at all', () => {
    const grey = { num: [0, 0], den: [0, 0] }, // a model that paints nothing: no chromatic pixel
      coloured = { num: [3, 4], den: [10, 10] };
    const d = pairedRatioDifference(coloured, grey);
    expect(d.a).toBeCloseTo(0.35, 12);
    expect([d.b, d.diff, d.lo, d.hi].every(Number.isNaN)).toBe(true);
  });

  it('straddles 0 where b gains the family on some photos and loses it on as many', () => {
    const a = { num: Array(40).fill(5), den: Array(40).fill(10) },
      b = { num: Array.from({ length: 40 }, (_, i) => (i % 2 ? 2 : 8)), den: Array(40).fill(10) };
    const d = pairedRatioDifference(a, b);
    expect(d.diff).toBeCloseTo(0, 12);
    expect(d.lo).toBeLessThan(0);
    expect(d.hi).toBeGreaterThan(0);
  });
});
