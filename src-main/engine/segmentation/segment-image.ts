/**
 * Segmenting a photo: L at full resolution -> working resolution (at most 1 MP) -> boundary
 * network -> region hierarchy. The hierarchy lives at working resolution; full-resolution labels
 * and UCM come from full-resolution.ts.
 */
import { TinctError } from '../errors.js';
import type { GreyImage } from '../image/read-image.js';
import { fitLongSide, resizeArea, resizeBilinear } from '../upsample/resample.js';
import type { Segmenter } from '../models/segmenter-model.js';
import { buildHierarchy, type HierarchyOptions } from './build.js';
import { DEFAULT_SMALL_AREA } from './defaults.js';
import type { RegionHierarchy } from './hierarchy.js';

/** The hierarchy's working resolution never exceeds this many pixels (a click must stay instant). */
export const MAX_WORKING_PIXELS = 1_000_000;

export interface SegmentOptions extends HierarchyOptions {
  /** Long side of the working image; default the model's inputSize. Never above the photo's own. */
  workingSize?: number;
  /**
   * Scales (relative to the working size) the network also runs at; the boundary map is the mean
   * over all of them, brought back to the working size. Default [1]: one pass.
   */
  scales?: number[];
}

export interface SegmentTimes {
  resize?: number;
  network?: number;
  superpixels?: number;
  hierarchy?: number;
}

export interface Segmentation {
  /** The photo's size. */
  width: number;
  height: number;
  hierarchy: RegionHierarchy;
  /** The network's boundary probability at working resolution (hierarchy.width × hierarchy.height). */
  boundary: Float32Array;
}

/** Working size for a w×h photo: long side `longSide`, at most MAX_WORKING_PIXELS, never upscaled. */
export function workingSize(w: number, h: number, longSide: number): { width: number; height: number } {
  let s = fitLongSide(w, h, longSide);
  if (s.width * s.height > MAX_WORKING_PIXELS) {
    const k = Math.sqrt(MAX_WORKING_PIXELS / (w * h));
    s = { width: Math.max(1, Math.floor(w * k)), height: Math.max(1, Math.floor(h * k)) };
  }
  return s;
}

export async function segmentImage(
  img: Pick<GreyImage, 'width' | 'height' | 'L'>,
  model: Segmenter,
  o: SegmentOptions = {},
  times: SegmentTimes = {},
): Promise<Segmentation> {
  const long = o.workingSize ?? model.manifest.inputSize;
  if (!(long >= 1)) throw new TinctError('', `working size must be at least 1 pixel, got ${long}`);
  const { width: w, height: h } = workingSize(img.width, img.height, long);
  let t = performance.now();
  const L = resizeArea(img.L, img.width, img.height, w, h);
  times.resize = performance.now() - t;
  t = performance.now();
  const boundary = await multiScaleBoundary(model, L, w, h, o.scales ?? [1]);
  times.network = performance.now() - t;
  const hierarchy = buildHierarchy(boundary, w, h, { ...o, smallArea: o.smallArea ?? DEFAULT_SMALL_AREA }, times);
  return { width: img.width, height: img.height, hierarchy, boundary };
}

/** Mean of the boundary maps at each scale: edges of every size get a pass at a size the net saw in training. */
async function multiScaleBoundary(
  model: Segmenter,
  L: Float32Array,
  w: number,
  h: number,
  scales: number[],
): Promise<Float32Array> {
  const acc = new Float32Array(w * h);
  for (const s of scales) {
    const sw = Math.max(1, Math.round(w * s)),
      sh = Math.max(1, Math.round(h * s));
    let b: Float32Array;
    if (sw === w && sh === h) b = await model.boundary(L, w, h);
    else {
      const Ls = sw < w ? resizeArea(L, w, h, sw, sh) : resizeBilinear(L, w, h, sw, sh);
      const bs = await model.boundary(Ls, sw, sh);
      b = sw < w ? resizeBilinear(bs, sw, sh, w, h) : resizeArea(bs, sw, sh, w, h);
    }
    for (let i = 0; i < acc.length; i++) acc[i] += b[i] / scales.length;
  }
  return acc;
}
