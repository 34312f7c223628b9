/**
 * The region hierarchy EditSession pools colour over and the user clicks through, from the shipped
 * segmenter. The hierarchy lives at the segmenter's working size; this adapter shows it on the
 * preview grid. Without models/segmenter.onnx colour stays per pixel (κ has no regions to act on),
 * and the caller is told.
 */
import { existsSync } from 'node:fs';
import type { Plane } from '../session/stages.js';
import type { RegionHierarchy as EditRegions, SegmentFunction } from '../session/edit-session.js';
import type { Device } from '../models/onnx-session.js';
import { DEFAULT_LEVEL, POOLING_LEVEL } from './defaults.js';
import { nearestIndex } from './full-resolution.js';
import type { RegionHierarchy } from './hierarchy.js';
import { segmentImage } from './segment-image.js';
import { Segmenter } from '../models/segmenter-model.js';
import { DEFAULT_SEGMENTER } from '../version.js';
import { readManifest } from '../models/manifest.js';
import { modelIdentity, type ModelIdentity } from '../models/model-identity.js';

export async function loadSegmentFunction(
  device: Device = 'cpu',
  notice?: (message: string) => void,
  path = DEFAULT_SEGMENTER,
): Promise<SegmentFunction | null> {
  if (!existsSync(path)) {
    notice?.(`no segmenter at ${path}: colour is per pixel (object consistency needs regions)`);
    return null;
  }
  const model = await Segmenter.load(path, device);
  if (model.notice) notice?.(model.notice);
  return async (plane: Plane) => onPreviewGrid((await segmentImage(plane, model)).hierarchy, plane.width, plane.height);
}

/** The segmenter loadSegmentFunction would use (null: none, colour per pixel), for a result's provenance. */
export async function segmenterIdentity(path = DEFAULT_SEGMENTER): Promise<ModelIdentity | null> {
  if (!existsSync(path)) return null;
  return modelIdentity(path, await readManifest(path, 'segmenter'));
}

/** POOLING_LEVEL, or TINCT_POOLING_LEVEL where set: eval:color measures other levels with it. */
function poolingLevelFromEnv(): number {
  const v = Number(process.env.TINCT_POOLING_LEVEL);
  return process.env.TINCT_POOLING_LEVEL && Number.isFinite(v) ? v : POOLING_LEVEL;
}

/** The hierarchy seen on a W×H grid (the preview), levels as the hierarchy's thresholds. */
export function onPreviewGrid(
  hier: RegionHierarchy,
  W: number,
  H: number,
  defaultLevel = DEFAULT_LEVEL,
  poolingLevel = poolingLevelFromEnv(),
): EditRegions {
  const w = hier.width,
    h = hier.height;
  const sx = w / W,
    sy = h / H;
  const ix = nearestIndex(W, w),
    iy = nearestIndex(H, h);
  const cache = new Map<number, { labels: Int32Array; count: number }>();
  const levels = hier.mergeLevels;
  return {
    width: W,
    height: H,
    defaultLevel,
    poolingLevel,
    labelsAt(level) {
      let hit = cache.get(level);
      if (!hit) {
        const own = hier.labelsAtLevel(level);
        const labels = new Int32Array(W * H);
        for (let Y = 0; Y < H; Y++) for (let X = 0; X < W; X++) labels[Y * W + X] = own.labels[iy[Y] * w + ix[X]] - 1;
        hit = { labels, count: own.count };
        if (cache.size > 8) cache.clear();
        cache.set(level, hit);
      }
      return hit;
    },
    regionAt(x, y, level) {
      const node = hier.regionAt(x * sx, y * sy, level);
      const b = hier.boundingBox(node);
      return {
        id: node,
        area: hier.area(node) / (sx * sy),
        bbox: [b.x0 / sx, b.y0 / sy, (b.x1 - b.x0 + 1) / sx, (b.y1 - b.y0 + 1) / sy],
        outline: hier.outline(node).map((line) => {
          const pts: [number, number][] = [];
          for (let k = 0; k < line.length; k += 2) pts.push([line[k] / sx, line[k + 1] / sy]);
          return pts;
        }),
      };
    },
    // With a point: the level at which the region under it becomes its parent (grow) or its
    // child (shrink). Without one: the next merge level up or down, over the whole photo.
    parentLevel(level, x, y) {
      if (x !== undefined && y !== undefined) return hier.levelOf(hier.grow(hier.regionAt(x * sx, y * sy, level)));
      for (const l of levels) if (l > level) return l;
      return level;
    },
    childLevel(level, x, y) {
      if (x !== undefined && y !== undefined) {
        const node = hier.regionAt(x * sx, y * sy, level);
        return hier.levelOf(hier.shrink(node, x * sx, y * sy));
      }
      let prev = 0;
      for (const l of levels) {
        if (l >= level) return prev;
        prev = l;
      }
      return prev;
    },
  };
}
