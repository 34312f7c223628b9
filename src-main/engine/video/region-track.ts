/**
 * Regions that follow the motion: a shot's key frame is segmented once (the segmenter costs far
 * more than a frame's budget), and each later frame sees the key frame's region hierarchy moved
 * along the flow — every preview pixel keeps the index of the key-frame pixel it came from,
 * composed frame by frame. Re-segmented at each cut and every KEYFRAME_EVERY frames, as drift
 * accumulates. The same region ids through a stretch also let a region choice follow its object.
 */
import type { RegionHierarchy } from '../session/edit-session.js';
import type { Flow } from './optical-flow.js';
import { sampleBilinear } from './optical-flow.js';

/** Frames between two segmentations inside one shot (2 s at 24 fps). */
export const KEYFRAME_EVERY = 48;

export class RegionTrack {
  /** For each pixel of the current frame's preview grid: the key frame's pixel it came from. */
  private map: Int32Array;
  private cache = new Map<number, { labels: Int32Array; count: number }>();
  age = 0;

  constructor(readonly base: RegionHierarchy) {
    this.map = Int32Array.from({ length: base.width * base.height }, (_, i) => i);
  }

  /** One frame on: `flow` (at any resolution) maps the new frame's pixels back to the last one's. */
  advance(flow: Flow): void {
    const { width: W, height: H } = this.base;
    const sx = flow.width / W,
      sy = flow.height / H;
    const next = new Int32Array(W * H);
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        const fx = (x + 0.5) * sx - 0.5,
          fy = (y + 0.5) * sy - 0.5;
        const px = Math.round(x + sampleBilinear(flow.u, flow.width, flow.height, fx, fy) / sx);
        const py = Math.round(y + sampleBilinear(flow.v, flow.width, flow.height, fx, fy) / sy);
        next[y * W + x] = this.map[Math.min(H - 1, Math.max(0, py)) * W + Math.min(W - 1, Math.max(0, px))];
      }
    this.map = next;
    this.cache.clear();
    this.age++;
  }

  /** A label map of the key frame (preview grid) as it lies on the current frame. */
  warp(labels: Int32Array): Int32Array {
    const out = new Int32Array(this.map.length);
    for (let i = 0; i < out.length; i++) out[i] = labels[this.map[i]];
    return out;
  }

  /** The key frame's pixel under a current preview pixel. */
  origin(x: number, y: number): [number, number] {
    const i = this.map[y * this.base.width + x];
    return [i % this.base.width, Math.floor(i / this.base.width)];
  }

  /** The hierarchy as it lies on the current frame. */
  hierarchy(): RegionHierarchy {
    const base = this.base;
    return {
      width: base.width,
      height: base.height,
      defaultLevel: base.defaultLevel,
      poolingLevel: base.poolingLevel,
      labelsAt: (level) => {
        let hit = this.cache.get(level);
        if (!hit) {
          const src = base.labelsAt(level);
          hit = { labels: this.warp(src.labels), count: src.count };
          this.cache.set(level, hit);
        }
        return hit;
      },
      // The region as found on the key frame (its outline is the key frame's).
      regionAt: (x, y, level) => base.regionAt(...this.origin(x, y), level),
      parentLevel: (level, x, y) =>
        x === undefined || y === undefined ? base.parentLevel(level) : base.parentLevel(level, ...this.origin(x, y)),
      childLevel: (level, x, y) =>
        x === undefined || y === undefined ? base.childLevel(level) : base.childLevel(level, ...this.origin(x, y)),
    };
  }
}
