/**
 * The region hierarchy a user clicks through: every region at every level of the merge tree,
 * as plain typed arrays over the working-resolution image.
 *
 * Levels are thresholds in [0, 1] on merge strength: the mean boundary probability along the
 * border two regions shared when they merged (scaled down while one of them is a small fragment,
 * and kept monotone by a running maximum: see merge.ts). At level t every merge of strength ≤ t
 * has happened, so
 * level 0 shows the superpixels (save borders of strength exactly 0) and level 1 the whole image;
 * a threshold means the same thing on every photo, which is what lets one default level serve
 * them all (src-main/engine/segmentation/defaults.ts).
 *
 * Nodes: leaves (superpixels) are 0..leaves-1, merge i creates node leaves + i, the root is the
 * last node. A node is "the region at level t" for its pixels when level(node) ≤ t < level(parent).
 */
import type { AdjacencyGraph } from './adjacency.js';
import { pairKey } from './adjacency.js';
import type { MergeTree } from './merge.js';
import { outline, type Polyline } from './outline.js';

export interface BoundingBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
} // inclusive

export interface LevelLabels {
  /** Label per working pixel, 1..count (row-major, width × height). */
  labels: Uint32Array;
  count: number;
  /** The node of each label: regions[label - 1]. */
  regions: Int32Array;
}

export class RegionHierarchy {
  readonly leaves: number;
  readonly nodes: number;
  readonly root: number;
  private readonly areas: Int32Array;
  private readonly boxes: Int32Array;
  /** Leaf positions in a depth-first order: a node's leaves are order positions lo..hi-1. */
  private readonly rank: Int32Array;
  private readonly lo: Int32Array;
  private readonly hi: Int32Array;

  constructor(
    readonly width: number,
    readonly height: number,
    /** Superpixel per working pixel, 0..leaves-1. */
    readonly leafLabels: Int32Array,
    private readonly tree: MergeTree,
    private readonly graph: AdjacencyGraph & { edgeOf: Map<number, number> },
  ) {
    const n = (this.leaves = tree.leaves);
    this.nodes = 2 * n - 1;
    this.root = this.nodes - 1;
    this.areas = new Int32Array(this.nodes);
    this.boxes = new Int32Array(4 * this.nodes);
    for (let v = 0; v < this.nodes; v++) this.boxes.set([width, height, -1, -1], 4 * v);
    for (let y = 0, p = 0; y < height; y++) {
      for (let x = 0; x < width; x++, p++) {
        const v = leafLabels[p],
          b = 4 * v;
        this.areas[v]++;
        if (x < this.boxes[b]) this.boxes[b] = x;
        if (y < this.boxes[b + 1]) this.boxes[b + 1] = y;
        if (x > this.boxes[b + 2]) this.boxes[b + 2] = x;
        if (y > this.boxes[b + 3]) this.boxes[b + 3] = y;
      }
    }
    // Children always have smaller ids than their parent, so one pass upwards sums everything.
    for (let v = 0; v < this.nodes - 1; v++) {
      const p = tree.parent[v],
        bv = 4 * v,
        bp = 4 * p;
      this.areas[p] += this.areas[v];
      this.boxes[bp] = Math.min(this.boxes[bp], this.boxes[bv]);
      this.boxes[bp + 1] = Math.min(this.boxes[bp + 1], this.boxes[bv + 1]);
      this.boxes[bp + 2] = Math.max(this.boxes[bp + 2], this.boxes[bv + 2]);
      this.boxes[bp + 3] = Math.max(this.boxes[bp + 3], this.boxes[bv + 3]);
    }
    this.rank = new Int32Array(n);
    this.lo = new Int32Array(this.nodes);
    this.hi = new Int32Array(this.nodes);
    // Leaf counts give each node its slice of the order without recursion (trees can be deep).
    const leafCount = new Int32Array(this.nodes);
    for (let v = 0; v < this.nodes; v++) {
      leafCount[v] += v < n ? 1 : 0;
      if (v < this.nodes - 1) leafCount[tree.parent[v]] += leafCount[v];
    }
    for (let v = this.nodes - 1; v >= n; v--) {
      if (v === this.root) this.lo[v] = 0;
      const l = tree.left[v - n],
        r = tree.right[v - n];
      this.lo[l] = this.lo[v];
      this.lo[r] = this.lo[v] + leafCount[l];
    }
    for (let v = 0; v < this.nodes; v++) this.hi[v] = this.lo[v] + leafCount[v];
    for (let v = 0; v < n; v++) this.rank[v] = this.lo[v];
  }

  /** Merge levels, non-decreasing: merge i has level mergeLevels[i]. */
  get mergeLevels(): Float32Array {
    return this.tree.level;
  }

  /** The level a node appears at (0 for superpixels). */
  levelOf(node: number): number {
    return node < this.leaves ? 0 : this.tree.level[node - this.leaves];
  }

  /** The level the node is merged away at (Infinity for the root). */
  levelUntil(node: number): number {
    const p = this.tree.parent[node];
    return p < 0 ? Infinity : this.tree.level[p - this.leaves];
  }

  /** Number of regions at level t: every merge of strength ≤ t is done. */
  regionsCount(level: number): number {
    return this.leaves - this.mergesUpTo(level);
  }

  /**
   * The smallest level with at most N regions (0 when the superpixels are already few enough).
   * Ties in merge strength can take the count below N: regions at one level are never split.
   */
  levelForRegions(N: number): number {
    const k = this.leaves - Math.max(1, Math.floor(N));
    return k <= 0 ? 0 : this.tree.level[k - 1];
  }

  labelsAtLevel(level: number): LevelLabels {
    const rep = this.representatives(level);
    const labelOf = new Int32Array(this.nodes);
    const regions: number[] = [];
    const labels = new Uint32Array(this.width * this.height);
    for (let p = 0; p < labels.length; p++) {
      const r = rep[this.leafLabels[p]];
      if (labelOf[r] === 0) {
        regions.push(r);
        labelOf[r] = regions.length;
      }
      labels[p] = labelOf[r];
    }
    return { labels, count: regions.length, regions: Int32Array.from(regions) };
  }

  /** The region at level t of every leaf, as a node id per leaf. */
  representatives(level: number): Int32Array {
    const rep = new Int32Array(this.nodes);
    const { parent, level: lv } = this.tree;
    for (let v = this.nodes - 1; v >= 0; v--) {
      const p = parent[v];
      rep[v] = p >= 0 && lv[p - this.leaves] <= level ? rep[p] : v;
    }
    return rep.subarray(0, this.leaves);
  }

  leafAt(x: number, y: number): number {
    const xi = Math.min(this.width - 1, Math.max(0, Math.floor(x)));
    const yi = Math.min(this.height - 1, Math.max(0, Math.floor(y)));
    return this.leafLabels[yi * this.width + xi];
  }

  /** The region under working pixel (x, y) at level t. */
  regionAt(x: number, y: number, level: number): number {
    let v = this.leafAt(x, y);
    const { parent, level: lv } = this.tree;
    while (parent[v] >= 0 && lv[parent[v] - this.leaves] <= level) v = parent[v];
    return v;
  }

  /** The next larger region: the parent in the merge tree (the root stays the root). */
  grow(region: number): number {
    const p = this.tree.parent[region];
    return p < 0 ? region : p;
  }

  /** The child of `region` under (x, y); a superpixel, or a point outside the region, stays as it is. */
  shrink(region: number, x: number, y: number): number {
    if (region < this.leaves) return region;
    const leaf = this.leafAt(x, y);
    if (!this.containsLeaf(region, leaf)) return region;
    const l = this.tree.left[region - this.leaves];
    return this.containsLeaf(l, leaf) ? l : this.tree.right[region - this.leaves];
  }

  contains(region: number, x: number, y: number): boolean {
    return this.containsLeaf(region, this.leafAt(x, y));
  }

  containsLeaf(region: number, leaf: number): boolean {
    const r = this.rank[leaf];
    return r >= this.lo[region] && r < this.hi[region];
  }

  /** Working pixels in the region. */
  area(region: number): number {
    return this.areas[region];
  }

  boundingBox(region: number): BoundingBox {
    const b = 4 * region;
    return { x0: this.boxes[b], y0: this.boxes[b + 1], x1: this.boxes[b + 2], y1: this.boxes[b + 3] };
  }

  /** Closed polylines around the region in working pixel-corner coordinates (outer borders and holes). */
  outline(region: number): Polyline[] {
    const { x0, y0, x1, y1 } = this.boundingBox(region);
    const lo = this.lo[region],
      hi = this.hi[region],
      w = this.width;
    return outline(
      (x, y) => {
        const r = this.rank[this.leafLabels[y * w + x]];
        return r >= lo && r < hi;
      },
      x0,
      y0,
      x1,
      y1,
    );
  }

  /** The UCM value of the border between two adjacent leaves: the level they first share a region at. */
  borderLevel(leafA: number, leafB: number): number {
    if (leafA === leafB) return 0;
    const e = this.graph.edgeOf.get(pairKey(leafA, leafB, this.leaves));
    return e === undefined ? 1 : this.tree.edgeLevel[e];
  }

  /**
   * The ultrametric contour map at working resolution: for each pixel, the strongest level of
   * the borders to its right and lower neighbours (the BSDS500 convention for a boundary pixel),
   * 0 inside regions. Thresholding it at t > 0 draws exactly the borders of labelsAtLevel(t).
   */
  ucm(): Float32Array {
    return ucmOf(this.leafLabels, this.width, this.height, (a, b) => this.borderLevel(a, b));
  }

  private mergesUpTo(level: number): number {
    const lv = this.tree.level;
    let a = 0,
      b = lv.length;
    while (a < b) {
      const m = (a + b) >> 1;
      if (lv[m] <= level) a = m + 1;
      else b = m;
    }
    return a;
  }
}

/** UCM of any leaf-label plane (working or full resolution) given the level of each leaf border. */
export function ucmOf(
  leaf: Int32Array,
  w: number,
  h: number,
  borderLevel: (a: number, b: number) => number,
): Float32Array {
  const out = new Float32Array(w * h);
  for (let y = 0, p = 0; y < h; y++) {
    for (let x = 0; x < w; x++, p++) {
      const v = leaf[p];
      let u = 0;
      if (x + 1 < w && leaf[p + 1] !== v) u = borderLevel(v, leaf[p + 1]);
      if (y + 1 < h && leaf[p + w] !== v) u = Math.max(u, borderLevel(v, leaf[p + w]));
      out[p] = u;
    }
  }
  return out;
}
