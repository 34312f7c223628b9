/**
 * What a session never changes once open: the photo's L at full resolution and at the preview
 * grid, the network's output and its log-probabilities. Every part of a session reads these; what
 * the preview's helper thread reads is made shared once, so it reads it in place.
 */
import type { Colorizer } from '../models/colorizer-model.js';
import type { GreyImage } from '../image/read-image.js';
import { logSoftmax } from '../colour/pooling.js';
import { startPreviewHelper, toShared } from '../preview/preview-threads.js';
import { reduceLightness, type NetworkOutput, type Plane } from './stages.js';

export interface SessionPhoto {
  readonly img: GreyImage;
  readonly model: Colorizer;
  readonly net: NetworkOutput;
  /** L at the preview grid (≤ 1 MP), shared memory. */
  readonly preview: Plane;
  /** The network's log-probabilities, pixel-major (pooling.ts logSoftmax), shared memory. */
  readonly logp: Float32Array;
}

/** `logp` when the caller has its own (a film's temporal memory); the network's otherwise. */
export function preparePhoto(
  img: GreyImage,
  model: Colorizer,
  net: NetworkOutput,
  previewSize: number,
  logp?: Float32Array,
): SessionPhoto {
  const preview = reduceLightness(img, previewSize);
  startPreviewHelper();
  return {
    img,
    model,
    net,
    preview: { ...preview, L: toShared(preview.L) },
    logp: toShared(logp ?? logSoftmax(net.logits)),
  };
}

/** A full-resolution point on the preview grid (clamped to it). */
export function toPreview(photo: SessionPhoto, x: number, y: number): [number, number] {
  const { width: W, height: H } = photo.preview;
  return [
    Math.min(W - 1, Math.max(0, Math.floor((x / photo.img.width) * W))),
    Math.min(H - 1, Math.max(0, Math.floor((y / photo.img.height) * H))),
  ];
}
