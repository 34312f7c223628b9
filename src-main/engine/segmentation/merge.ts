/**
 * Greedy merging of the region adjacency graph, weakest boundary first: the two regions whose
 * shared border has the lowest mean boundary probability become one, the borders of the new
 * region to each neighbour are pooled (sums and lengths add, so the strength stays the mean along
 * the whole border), and so on until one region is left. The result is a binary merge tree.
 *
 * Pooling can make a border weaker than the one just removed; the level recorded for a merge is
 * therefore the running maximum of the strengths, which makes the levels monotone and the tree an
 * ultrametric (the UCM): thresholding it at any level gives a partition, and coarser levels nest
 * the finer ones.
 */
import type { AdjacencyGraph } from './adjacency.js';
import { MinHeap } from './min-heap.js';

export interface MergeTree {
  /** Leaves are nodes 0..leaves-1; merge i creates node leaves + i. */
  leaves: number;
  /** Parent node of every node, -1 for the root. Length 2 * leaves - 1. */
  parent: Int32Array;
  /** The two nodes merged by merge i. */
  left: Int32Array;
  right: Int32Array;
  /** Level (boundary strength) of merge i, non-decreasing in i, in [0, 1]. */
  level: Float32Array;
  /** Level at which the two ends of each graph edge first share a region (its UCM value). */
  edgeLevel: Float32Array;
}

export interface MergeOptions {
  /** Pixels per leaf; needed for smallArea. */
  area?: Int32Array;
  /**
   * Borders of a region smaller than this many pixels count as weaker, in proportion to
   * sqrt(area / smallArea), so fragments join their surroundings before real objects merge.
   */
  smallArea?: number;
}

export function mergeTree(g: AdjacencyGraph, opts: MergeOptions = {}): MergeTree {
  const n = g.regions;
  const E = g.a.length;
  const parent = new Int32Array(Math.max(1, 2 * n - 1)).fill(-1);
  const left = new Int32Array(Math.max(0, n - 1)),
    right = new Int32Array(Math.max(0, n - 1));
  const level = new Float32Array(Math.max(0, n - 1));
  const edgeLevel = new Float32Array(E).fill(1);

  // Current edges reuse the graph's edge ids; a pooled edge keeps one id and the other dies.
  const ea = Int32Array.from(g.a),
    eb = Int32Array.from(g.b);
  const sum = Float64Array.from(g.sum),
    cnt = Float64Array.from(g.count);
  const alive = new Uint8Array(E).fill(1),
    stamp = new Int32Array(E);
  // Original edges pooled into each current edge, as linked lists, to give each its UCM level.
  const head = Int32Array.from({ length: E }, (_, e) => e),
    tail = Int32Array.from(head),
    link = new Int32Array(E).fill(-1);

  // A region is a "slot" (the id of one of its leaves) holding its neighbour map; merging folds
  // the smaller map into the larger, so the work over the whole tree is O(E log E).
  const adj: Map<number, number>[] = Array.from({ length: n }, () => new Map());
  const node = Int32Array.from({ length: n }, (_, i) => i);
  const heap = new MinHeap();
  const A0 = opts.area && opts.smallArea ? opts.smallArea : 0;
  const area = A0 > 0 ? Float64Array.from(opts.area!) : new Float64Array(0);
  const cost = (e: number) => {
    const m = sum[e] / cnt[e];
    if (A0 === 0) return m;
    const a = Math.min(area[ea[e]], area[eb[e]]);
    return a >= A0 ? m : m * Math.sqrt(a / A0);
  };
  for (let e = 0; e < E; e++) {
    adj[ea[e]].set(eb[e], e);
    adj[eb[e]].set(ea[e], e);
    heap.push(cost(e), e, 0);
  }

  let merges = 0,
    floor = 0;
  const out: [number, number, number] = [0, 0, 0];
  const record = (sa: number, sb: number, strength: number): number => {
    floor = Math.max(floor, Math.min(1, Math.max(0, strength)));
    const id = n + merges;
    parent[node[sa]] = id;
    parent[node[sb]] = id;
    left[merges] = node[sa];
    right[merges] = node[sb];
    level[merges] = floor;
    merges++;
    return id;
  };

  while (merges < n - 1 && heap.pop(out)) {
    const [strength, e, st] = out;
    if (!alive[e] || stamp[e] !== st) continue;
    // Areas only grow, so a cost in the heap is a lower bound: re-check it when it comes up
    // instead of re-keying every border of a region each time the region grows.
    if (A0 > 0) {
      const c = cost(e);
      if (c > strength) {
        heap.push(c, e, st);
        continue;
      }
    }
    const sa = ea[e],
      sb = eb[e];
    const id = record(sa, sb, strength);
    for (let o = head[e]; o >= 0; o = link[o]) edgeLevel[o] = floor;
    alive[e] = 0;
    const [big, small] = adj[sa].size >= adj[sb].size ? [sa, sb] : [sb, sa];
    const bigMap = adj[big];
    bigMap.delete(small);
    for (const [nb, es] of adj[small]) {
      if (nb === big) continue;
      adj[nb].delete(small);
      const eb2 = bigMap.get(nb);
      if (eb2 === undefined) {
        // The neighbour only bordered the smaller region: the edge moves over unchanged.
        if (ea[es] === small) ea[es] = big;
        else eb[es] = big;
        bigMap.set(nb, es);
        adj[nb].set(big, es);
      } else {
        sum[eb2] += sum[es];
        cnt[eb2] += cnt[es];
        link[tail[eb2]] = head[es];
        tail[eb2] = tail[es];
        alive[es] = 0;
        heap.push(cost(eb2), eb2, ++stamp[eb2]);
      }
    }
    adj[small] = new Map();
    node[big] = id;
    if (A0 > 0) area[big] += area[small];
  }

  // A graph in pieces (not possible for one image, but cheap to guard) is joined at the top.
  if (merges < n - 1) {
    const tops: number[] = [];
    for (let v = 0; v < n + merges; v++) if (parent[v] < 0) tops.push(v);
    let acc = tops[0];
    for (let k = 1; k < tops.length; k++) {
      const id = n + merges;
      parent[acc] = id;
      parent[tops[k]] = id;
      left[merges] = acc;
      right[merges] = tops[k];
      level[merges] = floor = 1;
      merges++;
      acc = id;
    }
  }
  return { leaves: n, parent, left, right, level, edgeLevel };
}
