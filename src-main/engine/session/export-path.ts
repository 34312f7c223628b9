/**
 * A photo at full resolution: the export (ab upsampled along the original L and converted to sRGB
 * in one pass over bands of rows, on both threads; never full-resolution a and b planes) and the
 * editor's zoomed-in tiles.
 */
import { checkpoint } from '../errors.js';
import { writeSamples, type BitDepth, type ExportFormat, type RgbSamples } from '../image/write-image.js';
import { bitsFor } from '../image/export-formats.js';
import { jointBilateralUpsample } from '../upsample/joint-bilateral-upsample.js';
import { labToRgba8 } from '../colour/lab-to-srgb.js';
import type { Rendered } from '../preview/preview-kernels.js';
import {
  helperStarted,
  renderInBands,
  sharedFloat32,
  sharedUint16,
  sharedUint8,
  toShared,
} from '../preview/preview-threads.js';
import { timed, type JobControl } from './stages.js';
import type { SessionPhoto } from './session-photo.js';
import type { PreviewImage, Rect } from './session-types.js';

export interface AbCopy {
  a: Float32Array;
  b: Float32Array;
}

export interface ExportOptions {
  format: ExportFormat;
  bits: BitDepth;
  provenance?: unknown;
}

/** The preview's ab, copied (shared, for the threads): another edit may render into the same memory meanwhile. */
export async function copyOfPreviewAb(render: () => Rendered, job: JobControl): Promise<AbCopy> {
  job.onProgress?.('distributions', 0);
  const ab = await timed(job.times, 'distributions', () => {
    const { a, b } = render();
    return { a: sharedCopy(a), b: sharedCopy(b) };
  });
  await checkpoint(job.signal);
  return ab;
}

export async function exportPhoto(
  photo: SessionPhoto,
  ab: AbCopy,
  path: string,
  opts: ExportOptions,
  settingsRecord: () => Record<string, unknown>,
  job: JobControl,
): Promise<void> {
  const { width, height } = photo.img;
  job.onProgress?.('upsample', 0);
  // Both threads for the pass, if the helper is still booting (a CLI run just opened the photo):
  // waiting at most about what the pass takes on one thread (~0.1 µs a pixel), so a small photo
  // does not wait for a helper it hardly needs.
  await helperStarted(Math.min(2000, (width * height) / 10_000));
  const bits = bitsFor(opts.format, opts.bits);
  const samples = await timed(job.times, 'upsample', () => fullResolutionSamples(photo, ab, bits));
  await checkpoint(job.signal);
  job.onProgress?.('encode', 0);
  // Read now, as the file is written: the document may have changed during the pass.
  const settings = settingsRecord();
  await timed(job.times, 'encode', () => writeSamples(path, samples, { ...opts, bits, settings, signal: job.signal }));
}

/**
 * The export's samples: ab upsampled to full resolution and converted to sRGB in one pass over
 * bands of rows, on both threads (upsample/export-rows.ts); with TINCT_THREADS=1, the same on one.
 */
function fullResolutionSamples(photo: SessionPhoto, ab: AbCopy, bits: BitDepth): RgbSamples {
  const { img, preview } = photo;
  const { width, height } = img;
  const channels = img.alpha ? 4 : 3;
  const data = bits === 16 ? sharedUint16(width * height * channels) : sharedUint8(width * height * channels);
  const alpha = img.alpha ? toShared(img.alpha) : null;
  renderInBands(
    {
      kind: 'export',
      low: { width: preview.width, height: preview.height, L: preview.L, ...ab },
      full: { width, height, L: toShared(img.L), alpha },
      bits,
      out: data,
    },
    height,
  );
  return { width, height, channels, bits, data };
}

/**
 * A rectangle of the photo at full resolution, colour or grey: what the editor shows when it is
 * zoomed in past the preview's resolution, so the view stays crisp at any zoom. The rectangle is
 * clipped to the photo.
 */
export function renderTile(
  photo: SessionPhoto,
  render: () => Rendered,
  rect: Rect,
  which: 'colour' | 'grey',
): PreviewImage & { x: number; y: number } {
  const { img, preview } = photo;
  const x = Math.max(0, Math.min(img.width - 1, Math.floor(rect.x)));
  const y = Math.max(0, Math.min(img.height - 1, Math.floor(rect.y)));
  const width = Math.max(1, Math.min(img.width - x, Math.ceil(rect.width)));
  const height = Math.max(1, Math.min(img.height - y, Math.ceil(rect.height)));
  const L = new Float32Array(width * height);
  for (let r = 0; r < height; r++)
    L.set(img.L.subarray((y + r) * img.width + x, (y + r) * img.width + x + width), r * width);
  let a: Float32Array, b: Float32Array;
  if (which === 'grey') {
    a = new Float32Array(width * height);
    b = new Float32Array(width * height);
  } else {
    // ab in the window only, guided by the full-resolution L.
    const ab = render();
    [a, b] = jointBilateralUpsample(
      preview.L,
      [ab.a, ab.b],
      preview.width,
      preview.height,
      img.L,
      img.width,
      img.height,
      {
        window: { x, y, width, height },
      },
    );
  }
  return { x, y, width, height, rgba: labToRgba8({ width, height, L, a, b, alpha: null }) };
}

/** A copy of a plane in shared memory. */
function sharedCopy(src: Float32Array): Float32Array {
  const out = sharedFloat32(src.length);
  out.set(src);
  return out;
}
