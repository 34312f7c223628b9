/**
 * Boundary map -> superpixels -> adjacency graph -> merge tree -> hierarchy: everything after the
 * network, on plain arrays, so tests can feed a synthetic boundary map without a model.
 */
import { adjacencyGraph } from './adjacency.js';
import { RegionHierarchy } from './hierarchy.js';
import { mergeTree } from './merge.js';
import { superpixels, type SuperpixelOptions } from './superpixels.js';

export interface HierarchyOptions extends SuperpixelOptions {
  /** Fraction of the image below which a region's borders count as weaker (see merge.ts). */
  smallArea?: number;
}

/** Milliseconds per stage, filled in when given. */
export interface HierarchyTimes {
  superpixels?: number;
  hierarchy?: number;
}

export function buildHierarchy(
  boundary: Float32Array,
  w: number,
  h: number,
  o: HierarchyOptions = {},
  times?: HierarchyTimes,
): RegionHierarchy {
  const t0 = performance.now();
  const sp = superpixels(boundary, w, h, o);
  const t1 = performance.now();
  const graph = adjacencyGraph(sp.labels, sp.count, boundary, w, h);
  let tree;
  if (o.smallArea) {
    const area = new Int32Array(sp.count);
    for (const l of sp.labels) area[l]++;
    tree = mergeTree(graph, { area, smallArea: o.smallArea * w * h });
  } else tree = mergeTree(graph);
  const hier = new RegionHierarchy(w, h, sp.labels, tree, graph);
  if (times) {
    times.superpixels = t1 - t0;
    times.hierarchy = performance.now() - t1;
  }
  return hier;
}
