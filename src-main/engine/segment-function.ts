/**
 * The region hierarchy EditSession pools colour over, from the shipped segmenter. Without
 * models/segmenter.onnx colour stays per pixel (κ has no regions to act on), and the caller is told.
 */
import { existsSync } from 'node:fs';
import type { SegmentFunction } from './edit-session.js';
import type { Device } from './onnx-session.js';
import { DEFAULT_SEGMENTER } from './version.js';

export async function loadSegmentFunction(_device: Device = 'cpu', notice?: (message: string) => void, path = DEFAULT_SEGMENTER): Promise<SegmentFunction | null> {
  if (!existsSync(path)) {
    notice?.(`no segmenter at ${path}: colour is per pixel (object consistency needs regions)`);
    return null;
  }
  return null; // wired to the segmenter's hierarchy in the next step
}
