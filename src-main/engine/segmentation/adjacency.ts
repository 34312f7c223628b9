/**
 * The region adjacency graph of a label map: one edge per pair of 4-adjacent regions, with the
 * boundary map summed along their shared border. A border is a crack between two pixels; its
 * sample is the larger of the two pixels' boundary probabilities, because the network's ridge may
 * sit on either side of the crack the watershed chose.
 */
export interface AdjacencyGraph {
  regions: number;
  /** Endpoints of each edge, a < b. */
  a: Int32Array;
  b: Int32Array;
  /** Sum of the border samples and their number: the edge's strength is sum / count. */
  sum: Float64Array;
  count: Int32Array;
}

/** Key of the unordered region pair (a, b) in a graph of n regions; a, b < n < 2^26. */
export function pairKey(a: number, b: number, n: number): number {
  return a < b ? a * n + b : b * n + a;
}

export function adjacencyGraph(
  labels: Int32Array,
  regions: number,
  boundary: Float32Array,
  w: number,
  h: number,
): AdjacencyGraph & { edgeOf: Map<number, number> } {
  const edgeOf = new Map<number, number>();
  const a: number[] = [],
    b: number[] = [],
    sum: number[] = [],
    count: number[] = [];
  const add = (p: number, q: number) => {
    const lp = labels[p],
      lq = labels[q];
    if (lp === lq) return;
    const key = pairKey(lp, lq, regions);
    let e = edgeOf.get(key);
    if (e === undefined) {
      e = a.length;
      edgeOf.set(key, e);
      a.push(Math.min(lp, lq));
      b.push(Math.max(lp, lq));
      sum.push(0);
      count.push(0);
    }
    sum[e] += boundary[p] > boundary[q] ? boundary[p] : boundary[q];
    count[e]++;
  };
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      const p = row + x;
      if (x + 1 < w) add(p, p + 1);
      if (y + 1 < h) add(p, p + w);
    }
  }
  return {
    regions,
    a: Int32Array.from(a),
    b: Int32Array.from(b),
    sum: Float64Array.from(sum),
    count: Int32Array.from(count),
    edgeOf,
  };
}
