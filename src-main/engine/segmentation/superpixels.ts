/**
 * Superpixels: the watershed basins of the lightly smoothed boundary map, with basins too small
 * to matter folded into the neighbour they share the weakest border with. Tiny basins come from
 * noise on a boundary ridge; left alone they would survive up to the ridge's own strength and
 * show up as specks at every useful level of the hierarchy.
 */
import { adjacencyGraph } from './adjacency.js';
import { gaussianBlur } from './smooth.js';
import { watershed } from './watershed.js';

export interface SuperpixelOptions {
  /** Gaussian sigma in working pixels applied before the watershed. */
  sigma?: number;
  /** Grey levels the map is quantised to; fewer levels mean larger plateaus and fewer basins. */
  levels?: number;
  /** Basins with fewer pixels than this are folded into a neighbour. */
  minArea?: number;
}

export interface Superpixels {
  /** Superpixel per pixel, 0..count-1, every pixel labelled. */
  labels: Int32Array;
  count: number;
}

export function superpixels(boundary: Float32Array, w: number, h: number, o: SuperpixelOptions = {}): Superpixels {
  const sigma = o.sigma ?? 1;
  const minArea = o.minArea ?? Math.max(4, Math.round((w * h) / 10_000));
  const basins = watershed(gaussianBlur(boundary, w, h, sigma), w, h, o.levels ?? 256);
  return foldSmall(basins.labels, basins.count, boundary, w, h, minArea);
}

function foldSmall(
  labels: Int32Array,
  count: number,
  boundary: Float32Array,
  w: number,
  h: number,
  minArea: number,
): Superpixels {
  const area = new Int32Array(count);
  for (let i = 0; i < labels.length; i++) area[labels[i]]++;
  const g = adjacencyGraph(labels, count, boundary, w, h);
  const neighbours: number[][] = Array.from({ length: count }, () => []);
  for (let e = 0; e < g.a.length; e++) {
    neighbours[g.a[e]].push(e);
    neighbours[g.b[e]].push(e);
  }

  // Union-find over basins; smallest first, so a speck joins its surroundings before they grow.
  const root = Int32Array.from({ length: count }, (_, i) => i);
  const find = (i: number): number => {
    while (root[i] !== i) i = root[i] = root[root[i]];
    return i;
  };
  const rootArea = Int32Array.from(area);
  const order = Array.from({ length: count }, (_, i) => i)
    .filter((i) => area[i] < minArea)
    .sort((i, j) => area[i] - area[j] || i - j);
  for (const i of order) {
    const ri = find(i);
    if (rootArea[ri] >= minArea) continue;
    let best = -1,
      bestStrength = Infinity;
    for (const e of neighbours[i]) {
      const other = find(g.a[e] === i ? g.b[e] : g.a[e]);
      const s = g.sum[e] / g.count[e];
      if (other !== ri && s < bestStrength) {
        bestStrength = s;
        best = other;
      }
    }
    if (best < 0) continue;
    root[ri] = best;
    rootArea[best] += rootArea[ri];
  }

  // Compact labels in order of first appearance (row-major), so labels are stable and dense.
  const remap = new Int32Array(count).fill(-1);
  let next = 0;
  const out = new Int32Array(labels.length);
  for (let p = 0; p < labels.length; p++) {
    const r = find(labels[p]);
    if (remap[r] < 0) remap[r] = next++;
    out[p] = remap[r];
  }
  return { labels: out, count: next };
}
