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
  // The flood works on the image padded by one pixel all round, whose border counts as already
  // labelled: a neighbour is then always p ± 1 or p ± W with no test for the image's edge (the
  // tests and a modulo per pixel were a third of the flood's time).
  const W = w + 2,
    pad = new Int32Array(W * (h + 2)).fill(BORDER);
  for (let y = 0; y < h; y++) pad.fill(-1, (y + 1) * W + 1, (y + 1) * W + 1 + w);
  const qp = new Uint16Array(W * (h + 2));
  for (let y = 0; y < h; y++) qp.set(q.subarray(y * w, y * w + w), (y + 1) * W + 1);

  // Pixels sorted by level (counting sort), to find the unlabelled ones of each level in order.
  const start = new Int32Array(levels + 1);
  for (let p = 0; p < n; p++) start[q[p] + 1]++;
  for (let lv = 0; lv < levels; lv++) start[lv + 1] += start[lv];
  const order = new Int32Array(n),
    fill = start.slice(0, levels);
  for (let p = 0; p < n; p++) order[fill[q[p]]++] = p + 2 * ((p / w) | 0) + W + 1;

  // Bucket queue: one FIFO per level, as linked lists through `next`. A pixel's priority is its
  // level, or the current level if lower (flooding never goes back down). Written out inline:
  // this loop visits every pixel once and is most of the segmentation's time after the network.
  const head = new Int32Array(levels).fill(-1),
    tail = new Int32Array(levels).fill(-1);
  const next = new Int32Array(pad.length).fill(-1);
  const offsets = [-1, 1, -W, W]; // left, right, up, down: a fixed order keeps the result deterministic
  let count = 0;
  for (let lv = 0; lv < levels; lv++) {
    for (let i = start[lv] - 1; i < start[lv + 1]; i++) {
      // First drain what the existing basins reach at this level (i = start - 1), then start a
      // basin at each pixel of the level still unlabelled: a regional minimum.
      if (i >= start[lv]) {
        const p = order[i];
        if (pad[p] >= 0) continue;
        pad[p] = count++;
        if (tail[lv] < 0) head[lv] = p;
        else next[tail[lv]] = p;
        tail[lv] = p;
      }
      while (head[lv] >= 0) {
        const p = head[lv];
        head[lv] = next[p];
        if (head[lv] < 0) tail[lv] = -1;
        const lab = pad[p];
        for (let k = 0; k < 4; k++) {
          const r = p + offsets[k];
          if (pad[r] !== -1) continue;
          pad[r] = lab;
          const lr = qp[r] > lv ? qp[r] : lv;
          if (tail[lr] < 0) head[lr] = r;
          else next[tail[lr]] = r;
          tail[lr] = r;
        }
      }
    }
  }
  const labels = new Int32Array(n);
  for (let y = 0; y < h; y++) labels.set(pad.subarray((y + 1) * W + 1, (y + 1) * W + 1 + w), y * w);
  return { labels, count };
}

/** The padding's label: not -1 (unlabelled), so the flood never enters it. */
const BORDER = 0x7fffffff;
