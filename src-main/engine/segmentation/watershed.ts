/**
 * Watershed by priority flooding (Meyer) of a map quantised to `levels` grey levels. Markers are
 * the regional minima, found during the flood itself: levels are processed from the lowest, and
 * after the existing basins have flooded everything they reach at a level, any pixel of that
 * level still unlabelled lies on a plateau no lower pixel touches, i.e. a regional minimum, and
 * starts a new basin. A pixel is labelled when it is first reached, from the lowest basin that
 * reaches it, so there are no watershed lines: every pixel gets a basin, and two basins meet along
 * a crack between pixels, which is what a label map and the region adjacency graph need.
 */

export interface Basins {
  /** Basin per pixel, 0..count-1. */
  labels: Int32Array;
  count: number;
}

export function quantise(map: Float32Array, levels: number): Uint16Array {
  const q = new Uint16Array(map.length);
  const top = levels - 1;
  for (let i = 0; i < map.length; i++) {
    const v = Math.floor(map[i] * levels);
    q[i] = v < 0 ? 0 : v > top ? top : v;
  }
  return q;
}

export function watershed(map: Float32Array, w: number, h: number, levels = 256): Basins {
  const n = w * h;
  const q = quantise(map, levels);
  const labels = new Int32Array(n).fill(-1);

  // Pixels sorted by level (counting sort), to find the unlabelled ones of each level in order.
  const start = new Int32Array(levels + 1);
  for (let p = 0; p < n; p++) start[q[p] + 1]++;
  for (let lv = 0; lv < levels; lv++) start[lv + 1] += start[lv];
  const order = new Int32Array(n), fill = start.slice(0, levels);
  for (let p = 0; p < n; p++) order[fill[q[p]]++] = p;

  // Bucket queue: one FIFO per level, as linked lists through `next`. A pixel's priority is its
  // level, or the current level if lower (flooding never goes back down).
  const head = new Int32Array(levels).fill(-1), tail = new Int32Array(levels).fill(-1);
  const next = new Int32Array(n).fill(-1);
  const push = (p: number, lv: number) => {
    if (tail[lv] < 0) head[lv] = p; else next[tail[lv]] = p;
    tail[lv] = p;
  };
  const drain = (lv: number) => {
    while (head[lv] >= 0) {
      const p = head[lv];
      head[lv] = next[p];
      if (head[lv] < 0) tail[lv] = -1;
      const lab = labels[p], x = p % w;
      // Neighbours in a fixed order (left, right, up, down) keep the result deterministic.
      if (x > 0 && labels[p - 1] < 0) { labels[p - 1] = lab; push(p - 1, q[p - 1] > lv ? q[p - 1] : lv); }
      if (x < w - 1 && labels[p + 1] < 0) { labels[p + 1] = lab; push(p + 1, q[p + 1] > lv ? q[p + 1] : lv); }
      if (p >= w && labels[p - w] < 0) { labels[p - w] = lab; push(p - w, q[p - w] > lv ? q[p - w] : lv); }
      if (p + w < n && labels[p + w] < 0) { labels[p + w] = lab; push(p + w, q[p + w] > lv ? q[p + w] : lv); }
    }
  };
  let count = 0;
  for (let lv = 0; lv < levels; lv++) {
    drain(lv);
    for (let i = start[lv]; i < start[lv + 1]; i++) {
      const p = order[i];
      if (labels[p] >= 0) continue;
      labels[p] = count++; // a regional minimum: a new basin
      push(p, lv);
      drain(lv);
    }
  }
  return { labels, count };
}
