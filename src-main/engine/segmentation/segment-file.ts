/** One photo from file to label map (and UCM): load, segment, pick the level, write. */
import { TinctError } from '../errors.js';
import { loadImage, type LoadOptions } from '../image/read-image.js';
import type { Segmenter } from '../models/segmenter-model.js';
import { DEFAULT_LEVEL } from './defaults.js';
import { labelsAtFullResolution, ucmAtFullResolution } from './full-resolution.js';
import { labelsToUint16, ucmToUint16, writeGrey16 } from './label-image.js';
import { segmentImage, type SegmentOptions, type SegmentTimes } from './segment-image.js';

export interface SegmentFileOptions extends SegmentOptions, LoadOptions {
  /** Threshold on merge strength in [0,1]; default DEFAULT_LEVEL. Ignored when `regions` is set. */
  level?: number;
  /** Pick the smallest level with at most this many regions instead. */
  regions?: number;
  /** Also write the ultrametric contour map here. */
  ucm?: string;
}

export interface SegmentFileResult {
  input: string;
  output: string;
  ucm?: string;
  width: number;
  height: number;
  workingWidth: number;
  workingHeight: number;
  level: number;
  regions: number;
  notes: string[];
}

export async function segmentFile(
  input: string,
  output: string,
  model: Segmenter,
  o: SegmentFileOptions = {},
  times: SegmentTimes & { decode?: number; encode?: number } = {},
): Promise<SegmentFileResult> {
  let t = performance.now();
  const img = await loadImage(input, o);
  times.decode = performance.now() - t;
  const seg = await segmentImage(img, model, o, times);
  const hier = seg.hierarchy;
  const level = o.regions !== undefined ? hier.levelForRegions(o.regions) : (o.level ?? DEFAULT_LEVEL);
  if (!(level >= 0 && level <= 1)) throw new TinctError('', `level must be in [0, 1], got ${level}`);
  t = performance.now();
  const { labels, count } = labelsAtFullResolution(hier, level, img.width, img.height);
  await writeGrey16(output, labelsToUint16(output, labels, count), img.width, img.height);
  if (o.ucm)
    await writeGrey16(o.ucm, ucmToUint16(ucmAtFullResolution(hier, img.width, img.height)), img.width, img.height);
  times.encode = performance.now() - t;
  return {
    input,
    output,
    ucm: o.ucm,
    width: img.width,
    height: img.height,
    workingWidth: hier.width,
    workingHeight: hier.height,
    level,
    regions: count,
    notes: img.notes,
  };
}
