/**
 * Region and boundary benchmarks of BSDS500 (Arbeláez et al., TPAMI 2011) for one image against
 * all of its human segmentations, at many levels of a hierarchy at once.
 *
 * - Segmentation covering of the humans by the machine: Σ_R |R| · max_R' overlap(R, R') / N per
 *   annotator, pooled over annotators (BSDS: cntR / sumR).
 * - Probabilistic Rand index: the Rand index averaged over annotators (pair counting, C(N,2)).
 * - Variation of information: H(S) + H(G) − 2 I(S,G) in nats, averaged over annotators.
 * - Boundary F: an approximation of BSDS's: a machine boundary pixel counts as correct when a
 *   human boundary pixel (any annotator) lies within the tolerance (0.0075 of the image diagonal,
 *   BSDS's maxDist), and a human boundary pixel counts as found when a machine boundary pixel lies
 *   within it. BSDS instead matches pixels one-to-one (correspondPixels) and thins the machine
 *   map, so this F is somewhat optimistic: a thick or doubled machine contour is not penalised.
 * Boundary pixels follow the data's convention: the right or lower neighbour has another label.
 */

export interface LevelCounts {
  /** Covering: Σ over annotators of Σ_R |R| · best overlap, and of N. */
  coverNum: number;
  coverDen: number;
  /** Mean over annotators. */
  pri: number;
  vi: number;
}

export interface BoundaryCounts {
  /** Machine boundary pixels and those near a human boundary, per level. */
  machine: Float64Array;
  machineMatched: Float64Array;
  /** Human boundary pixels (all annotators) and those near a machine boundary, per level. */
  human: Float64Array;
  humanMatched: Float64Array;
}

/**
 * Region metrics at each level. `leaf` labels every pixel with a superpixel (0..leaves-1);
 * `regionOf(level)` maps each superpixel to its region at that level; `truths` are the human
 * label maps (any non-negative labels) of the same size.
 */
export function regionMetrics(
  leaf: Int32Array,
  leaves: number,
  truths: Uint16Array[],
  levels: number[],
  regionOf: (level: number) => Int32Array,
): LevelCounts[] {
  const N = leaf.length;
  // Leaf × human-label contingency per annotator, computed once: levels only regroup the leaves.
  const tables = truths.map((gt) => {
    let G = 0;
    for (const g of gt) if (g > G) G = g;
    G += 1;
    const counts = new Map<number, number>();
    for (let p = 0; p < N; p++) {
      const k = leaf[p] * G + gt[p];
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    const gtArea = new Float64Array(G);
    for (const g of gt) gtArea[g]++;
    const keys = Float64Array.from(counts.keys()),
      vals = Float64Array.from(counts.values());
    return { G, keys, vals, gtArea };
  });
  return levels.map((level) => {
    const region = regionOf(level);
    let coverNum = 0,
      coverDen = 0,
      pri = 0,
      vi = 0;
    for (const { G, keys, vals, gtArea } of tables) {
      const nij = new Map<number, number>();
      const segArea = new Map<number, number>();
      for (let i = 0; i < keys.length; i++) {
        const l = Math.floor(keys[i] / G),
          g = keys[i] - l * G,
          r = region[l];
        const k = r * G + g;
        nij.set(k, (nij.get(k) ?? 0) + vals[i]);
        segArea.set(r, (segArea.get(r) ?? 0) + vals[i]);
      }
      // Covering: each human region's best Jaccard overlap with a machine region.
      const best = new Float64Array(G);
      let sumN2 = 0,
        mi = 0;
      for (const [k, n] of nij) {
        const r = Math.floor(k / G),
          g = k - r * G,
          a = segArea.get(r)!,
          b = gtArea[g];
        const o = n / (a + b - n);
        if (o > best[g]) best[g] = o;
        sumN2 += (n * (n - 1)) / 2;
        mi += (n / N) * Math.log((n * N) / (a * b));
      }
      for (let g = 0; g < G; g++) coverNum += gtArea[g] * best[g];
      coverDen += N;
      let sumA2 = 0,
        hS = 0,
        sumB2 = 0,
        hG = 0;
      for (const a of segArea.values()) {
        sumA2 += (a * (a - 1)) / 2;
        hS -= (a / N) * Math.log(a / N);
      }
      for (const b of gtArea)
        if (b > 0) {
          sumB2 += (b * (b - 1)) / 2;
          hG -= (b / N) * Math.log(b / N);
        }
      const pairs = (N * (N - 1)) / 2;
      pri += (pairs + 2 * sumN2 - sumA2 - sumB2) / pairs;
      vi += hS + hG - 2 * mi;
    }
    return { coverNum, coverDen, pri: pri / truths.length, vi: vi / truths.length };
  });
}

/** Human boundary pixels of a label map: the right or lower neighbour has another label. */
export function boundaryPixels(labels: ArrayLike<number>, w: number, h: number): Uint8Array {
  const out = new Uint8Array(w * h);
  for (let y = 0, p = 0; y < h; y++) {
    for (let x = 0; x < w; x++, p++) {
      if ((x + 1 < w && labels[p + 1] !== labels[p]) || (y + 1 < h && labels[p + w] !== labels[p])) out[p] = 1;
    }
  }
  return out;
}

/** Offsets of a disc of radius r (in pixels) for a w-wide image: [dx, dy] pairs. */
function disc(r: number): number[] {
  const out: number[] = [];
  const R = Math.floor(r);
  for (let dy = -R; dy <= R; dy++) for (let dx = -R; dx <= R; dx++) if (dx * dx + dy * dy <= r * r) out.push(dx, dy);
  return out;
}

/**
 * Boundary counts at each level of a UCM (machine boundary at level t: ucm > t). Levels must be
 * increasing. Tolerance in pixels; BSDS uses 0.0075 · diagonal.
 */
export function boundaryCounts(
  ucm: Float32Array,
  w: number,
  h: number,
  truths: Uint16Array[],
  levels: number[],
  tolerance = 0.0075 * Math.hypot(w, h),
): BoundaryCounts {
  const T = levels.length;
  const human = truths.map((gt) => boundaryPixels(gt, w, h));
  const anyHuman = new Uint8Array(w * h);
  for (const b of human) for (let p = 0; p < b.length; p++) anyHuman[p] |= b[p];
  const offs = disc(tolerance);
  // Level index k such that level[k] < u <= level[k+1]: the pixel is a machine boundary at levels 0..k.
  const bin = (u: number) => {
    let a = 0,
      b = T; // first index with levels[i] >= u
    while (a < b) {
      const m = (a + b) >> 1;
      if (levels[m] < u) a = m + 1;
      else b = m;
    }
    return a - 1;
  };
  const machineAt = new Float64Array(T),
    machineMatchedAt = new Float64Array(T);
  const humanAt = new Float64Array(T),
    humanMatchedAt = new Float64Array(T);
  for (let y = 0, p = 0; y < h; y++) {
    for (let x = 0; x < w; x++, p++) {
      const u = ucm[p];
      if (u > 0) {
        const k = bin(u);
        if (k >= 0) {
          machineAt[k]++;
          if (near(anyHuman, x, y, w, h, offs)) machineMatchedAt[k]++;
        }
      }
      if (anyHuman[p]) {
        // Strongest machine boundary within tolerance: found at every level below it.
        let m = 0;
        for (let i = 0; i < offs.length; i += 2) {
          const xx = x + offs[i],
            yy = y + offs[i + 1];
          if (xx >= 0 && yy >= 0 && xx < w && yy < h) {
            const v = ucm[yy * w + xx];
            if (v > m) m = v;
          }
        }
        const k = m > 0 ? bin(m) : -1;
        for (const b of human) {
          if (!b[p]) continue;
          humanAt[T - 1]++; // counted at every level (suffix sums below)
          if (k >= 0) humanMatchedAt[k]++;
        }
      }
    }
  }
  // Suffix sums: a pixel binned at k counts at every level 0..k.
  const suffix = (a: Float64Array) => {
    for (let k = T - 2; k >= 0; k--) a[k] += a[k + 1];
    return a;
  };
  return {
    machine: suffix(machineAt),
    machineMatched: suffix(machineMatchedAt),
    human: suffix(humanAt),
    humanMatched: suffix(humanMatchedAt),
  };
}

function near(mask: Uint8Array, x: number, y: number, w: number, h: number, offs: number[]): boolean {
  for (let i = 0; i < offs.length; i += 2) {
    const xx = x + offs[i],
      yy = y + offs[i + 1];
    if (xx >= 0 && yy >= 0 && xx < w && yy < h && mask[yy * w + xx]) return true;
  }
  return false;
}

export function fMeasure(precision: number, recall: number): number {
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}
