/**
 * The shapes an EditSession hands out and takes in (previews, regions, swatches, the hierarchy a
 * segmenter builds), apart from the session itself so its parts can share them.
 */
import type { JobControl, Plane } from './stages.js';

export interface PreviewImage {
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
}
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
/** An alternative colour of a region: as shown (8-bit sRGB at the region's mean L), its ab, and its probability. */
export interface Swatch {
  rgb: [number, number, number];
  ab: [number, number];
  mass: number;
}
export interface RegionInfo {
  level: number;
  id: number;
  area: number;
  /** x, y, width, height in full-resolution pixels. */
  bbox: [number, number, number, number];
  /** Closed polylines in full-resolution pixels. */
  outline: [number, number][][];
  swatches: Swatch[];
  chosen: number | null;
  /**
   * The region's mean lightness (0..100): its swatches are shown at it, the gamut picker offers
   * the colours that exist at it.
   */
  lightness: number;
}

/**
 * A region hierarchy on the preview grid (the segmenter's, issue 4). Levels are numbers; a higher
 * level has fewer, larger regions.
 */
export interface RegionHierarchy {
  readonly width: number;
  readonly height: number;
  /** The level a click selects when the user has not grown or shrunk the selection. */
  readonly defaultLevel: number;
  /** The level whose regions colour is pooled over (coarser: consistency across whole objects). */
  readonly poolingLevel: number;
  labelsAt(level: number): { labels: Int32Array; count: number };
  regionAt(
    x: number,
    y: number,
    level: number,
  ): { id: number; area: number; bbox: [number, number, number, number]; outline: [number, number][][] } | null;
  /** One step up (grow) / down (shrink): for the region under a preview point when one is given. */
  parentLevel(level: number, x?: number, y?: number): number;
  childLevel(level: number, x?: number, y?: number): number;
}

export interface OpenOptions extends JobControl {
  pixelLimit?: number;
  previewSize?: number;
  /** Long side of the colour network's input; the model's inputSize when absent. */
  workingSize?: number;
}

/** Builds the region hierarchy for a photo, given its lightness at the preview grid. */
export type SegmentFunction = (L: Plane) => Promise<RegionHierarchy>;
