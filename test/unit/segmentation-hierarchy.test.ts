import { describe, expect, it } from 'vitest';
import { buildHierarchy } from '../../src-main/engine/segmentation/build.js';
import {
  labelsAtFullResolution,
  nearestIndex,
  ucmAtFullResolution,
} from '../../src-main/engine/segmentation/full-resolution.js';
import type { RegionHierarchy } from '../../src-main/engine/segmentation/hierarchy.js';
import { watershed } from '../../src-main/engine/segmentation/watershed.js';

/** Seeded uniform [0,1) (mulberry32), so the noisy synthetic maps are the same on every run. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A synthetic photo's boundary map: a partition into known regions, each border drawn 2 px wide
 * with its own strength, plus low noise everywhere. Regions: a weak vertical split (0.3) of the
 * left half, a strong vertical split (0.9) at the middle, a medium disc (0.6) on the right.
 */
function synthetic(w: number, h: number, seed = 1): { boundary: Float32Array; truth: Int32Array } {
  const truth = new Int32Array(w * h);
  const cx = w * 0.75,
    cy = h * 0.5,
    r = Math.min(w, h) * 0.25;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const disc = (x - cx) ** 2 + (y - cy) ** 2 < r * r;
      truth[y * w + x] = x < w / 4 ? 0 : x < w / 2 ? 1 : disc ? 3 : 2;
    }
  }
  const strength = (a: number, b: number) => {
    const [lo, hi] = a < b ? [a, b] : [b, a];
    return lo === 0 && hi === 1 ? 0.3 : hi === 3 ? 0.6 : 0.9;
  };
  const rand = rng(seed);
  const boundary = new Float32Array(w * h);
  for (let i = 0; i < boundary.length; i++) boundary[i] = 0.05 * rand();
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const p = y * w + x;
      for (const q of [x + 1 < w ? p + 1 : -1, y + 1 < h ? p + w : -1]) {
        if (q < 0 || truth[p] === truth[q]) continue;
        const s = strength(truth[p], truth[q]) + 0.04 * (rand() - 0.5);
        boundary[p] = Math.max(boundary[p], s);
        boundary[q] = Math.max(boundary[q], s);
      }
    }
  }
  return { boundary, truth };
}

const W = 97,
  H = 61; // odd, non-square
const { boundary, truth } = synthetic(W, H);
const CONFIGS: [string, Parameters<typeof buildHierarchy>[3]][] = [
  ['mean border strength', { minArea: 4 }],
  ['with the small-region prior', { minArea: 4, smallArea: 0.02 }],
];
const LEVELS = [0, 0.1, 0.2, 0.35, 0.5, 0.7, 0.95, 1];

function sameRegions(hier: RegionHierarchy, level: number, truth: Int32Array): boolean {
  // Two partitions are equal when the label pairs are in one-to-one correspondence.
  const { labels } = hier.labelsAtLevel(level);
  const ab = new Map<number, number>(),
    ba = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) {
    if ((ab.get(labels[i]) ?? truth[i]) !== truth[i] || (ba.get(truth[i]) ?? labels[i]) !== labels[i]) return false;
    ab.set(labels[i], truth[i]);
    ba.set(truth[i], labels[i]);
  }
  return true;
}

describe('watershed', () => {
  it('gives one basin per regional minimum and labels every pixel', () => {
    // Two pits separated by a ridge at x = 5.
    const w = 11,
      h = 3,
      map = new Float32Array(w * h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) map[y * w + x] = 1 - Math.abs(x - 5) / 5;
    const { labels, count } = watershed(map, w, h);
    expect(count).toBe(2);
    expect(Array.from(labels).every((l) => l === 0 || l === 1)).toBe(true);
    expect(labels[0]).not.toBe(labels[w - 1]);
  });
});

for (const [name, opts] of CONFIGS)
  describe(`region hierarchy on a synthetic boundary map, ${name}`, () => {
    const hier = buildHierarchy(boundary, W, H, opts);

    it('labels every pixel 1..N at every level, N = regionsCount(level)', () => {
      for (const t of LEVELS) {
        const { labels, count, regions } = hier.labelsAtLevel(t);
        expect(count).toBe(hier.regionsCount(t));
        expect(regions.length).toBe(count);
        const used = new Set<number>();
        for (const l of labels) {
          expect(l >= 1 && l <= count).toBe(true);
          used.add(l);
        }
        expect(used.size).toBe(count);
      }
      expect(hier.regionsCount(1)).toBe(1);
    });

    it('recovers the synthetic regions in order of border strength', () => {
      expect(sameRegions(hier, 0.2, truth)).toBe(true); // all four regions below the weakest border
      const merged = truth.map((t) => (t === 1 ? 0 : t));
      expect(sameRegions(hier, 0.45, merged)).toBe(true); // the weak 0.3 border is gone…
      expect(sameRegions(hier, 0.45, truth)).toBe(false);
      expect(
        sameRegions(
          hier,
          0.75,
          truth.map((t) => (t === 1 ? 0 : t === 3 ? 2 : t)),
        ),
      ).toBe(true);
    });

    it('nests regions across levels: each finer region lies inside one coarser region', () => {
      for (let i = 0; i + 1 < LEVELS.length; i++) {
        const fine = hier.labelsAtLevel(LEVELS[i]).labels,
          coarse = hier.labelsAtLevel(LEVELS[i + 1]).labels;
        const into = new Map<number, number>();
        for (let p = 0; p < fine.length; p++) {
          expect(into.get(fine[p]) ?? coarse[p]).toBe(coarse[p]);
          into.set(fine[p], coarse[p]);
        }
      }
    });

    it('records merges in non-decreasing strength, each parent at or above its children', () => {
      const lv = hier.mergeLevels;
      expect(lv.length).toBe(hier.leaves - 1);
      for (let i = 1; i < lv.length; i++) expect(lv[i]).toBeGreaterThanOrEqual(lv[i - 1]);
      for (let v = 0; v < hier.nodes; v++) {
        if (v !== hier.root) expect(hier.levelUntil(v)).toBeGreaterThanOrEqual(hier.levelOf(v));
      }
      expect(hier.levelUntil(hier.root)).toBe(Infinity);
    });

    it('grow then shrink at a point inside the region is the identity; regionAt agrees with labels', () => {
      const rand = rng(7);
      for (let k = 0; k < 200; k++) {
        const x = Math.floor(rand() * W),
          y = Math.floor(rand() * H),
          t = LEVELS[k % LEVELS.length];
        const r = hier.regionAt(x, y, t);
        expect(hier.contains(r, x, y)).toBe(true);
        expect(hier.levelOf(r)).toBeLessThanOrEqual(t);
        expect(hier.levelUntil(r)).toBeGreaterThan(t);
        if (r !== hier.root) expect(hier.shrink(hier.grow(r), x, y)).toBe(r);
        const { labels, regions } = hier.labelsAtLevel(t);
        expect(regions[labels[y * W + x] - 1]).toBe(r);
      }
      expect(hier.grow(hier.root)).toBe(hier.root);
      expect(hier.shrink(0, 0, 0)).toBe(0);
    });

    it('gives area, bounding box and an outline that match the labels', () => {
      const t = 0.45;
      const { labels, regions } = hier.labelsAtLevel(t);
      regions.forEach((r, i) => {
        let area = 0,
          x0 = W,
          y0 = H,
          x1 = -1,
          y1 = -1;
        for (let p = 0; p < labels.length; p++) {
          if (labels[p] !== i + 1) continue;
          area++;
          const x = p % W,
            y = Math.floor(p / W);
          x0 = Math.min(x0, x);
          y0 = Math.min(y0, y);
          x1 = Math.max(x1, x);
          y1 = Math.max(y1, y);
        }
        expect(hier.area(r)).toBe(area);
        expect(hier.boundingBox(r)).toEqual({ x0, y0, x1, y1 });
        // Outer loops run one way and holes the other, so the signed areas add up to the area.
        let signed = 0;
        for (const loop of hier.outline(r)) {
          for (let k = 0; k < loop.length; k += 2) {
            const j = (k + 2) % loop.length;
            signed += loop[k] * loop[j + 1] - loop[j] * loop[k + 1];
          }
        }
        expect(Math.abs(signed / 2)).toBe(area);
      });
    });

    it('levelForRegions gives the smallest level with at most N regions', () => {
      for (const N of [1, 2, 3, 4, 10, hier.leaves, hier.leaves + 5]) {
        const t = hier.levelForRegions(N);
        expect(hier.regionsCount(t)).toBeLessThanOrEqual(Math.max(N, 1) >= hier.leaves ? hier.regionsCount(0) : N);
        if (t > 0) expect(hier.regionsCount(t - 1e-6)).toBeGreaterThan(N);
      }
      expect(hier.regionsCount(hier.levelForRegions(3))).toBe(3);
    });

    it('draws the UCM so that thresholding it gives the borders of the level', () => {
      const ucm = hier.ucm();
      for (const t of [0.1, 0.45, 0.75]) {
        const { labels } = hier.labelsAtLevel(t);
        for (let y = 0; y < H; y++) {
          for (let x = 0; x < W; x++) {
            const p = y * W + x;
            const border = (x + 1 < W && labels[p + 1] !== labels[p]) || (y + 1 < H && labels[p + W] !== labels[p]);
            expect(ucm[p] > t).toBe(border);
          }
        }
      }
    });
  });

describe('full resolution', () => {
  const hier = buildHierarchy(boundary, W, H, { minArea: 4 });
  it('labels every pixel of a larger non-square size by nearest working pixel, UCM included', () => {
    const FW = 250,
      FH = 131;
    const full = labelsAtFullResolution(hier, 0.45, FW, FH);
    const work = hier.labelsAtLevel(0.45);
    expect(full.labels.length).toBe(FW * FH);
    expect(full.count).toBe(work.count);
    const xi = nearestIndex(FW, W),
      yi = nearestIndex(FH, H);
    expect(xi[0]).toBe(0);
    expect(xi[FW - 1]).toBe(W - 1);
    for (let Y = 0; Y < FH; Y++) {
      for (let X = 0; X < FW; X++) expect(full.labels[Y * FW + X]).toBe(work.labels[yi[Y] * W + xi[X]]);
    }
    const ucm = ucmAtFullResolution(hier, FW, FH);
    for (let p = 0; p < FW * FH; p++) {
      const X = p % FW,
        Y = Math.floor(p / FW),
        l = full.labels[p];
      const border = (X + 1 < FW && full.labels[p + 1] !== l) || (Y + 1 < FH && full.labels[p + FW] !== l);
      expect(ucm[p] > 0.45).toBe(border);
    }
  });
});
