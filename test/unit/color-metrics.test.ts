/**
 * The hue metrics of eval:color (test/eval/color-metrics.ts) on hand-made Lab planes whose answer
 * is known: hue recall and where the missed pixels went (hueDestinations), and how far a recall
 * moves when the photos are drawn again (resampledRecall).
 */
import { describe, expect, it } from 'vitest';
import {
  HUE_FAMILIES,
  hueDestinations,
  hueRecallCounts,
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
