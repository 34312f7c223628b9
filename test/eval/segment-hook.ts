/**
 * The segmenter's hierarchy as EditSession needs it, for evaluating κ > 0. Returns null while
 * models/segmenter.onnx (issue 4) is not there.
 */
import { existsSync } from 'node:fs';
import type { Plane } from '../../src-main/engine/colorize.js';
import type { RegionHierarchy } from '../../src-main/engine/edit-session.js';
import { DEFAULT_SEGMENTER } from '../../src-main/engine/version.js';

export async function loadSegmentFunction(): Promise<((L: Plane) => Promise<RegionHierarchy>) | null> {
  if (!existsSync(DEFAULT_SEGMENTER)) return null;
  return null; // wired when the engine's segmenter lands
}
