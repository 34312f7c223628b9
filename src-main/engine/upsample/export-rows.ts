/**
 * An export's full-resolution work for a band of rows, in one pass: ab upsampled from the preview
 * grid (joint bilateral, guided by the full-resolution L), then Lab -> sRGB with gamut mapping,
 * packed straight into the interleaved samples sharp encodes. One pass keeps the full-resolution
 * a and b planes (192 MB at 24 MP) from ever existing, and every band is independent, so the two
 * threads of preview-threads.ts each take bands until none are left.
 */
import { jointBilateralUpsample } from './joint-bilateral-upsample.js';
import { labRangeToSamples } from '../colour/lab-to-srgb.js';

export interface ExportJob {
  kind: 'export';
  /** The rendered colours on the preview grid (shared memory). */
  low: { width: number; height: number; L: Float32Array; a: Float32Array; b: Float32Array };
  /** The photo at full resolution (shared memory). */
  full: { width: number; height: number; L: Float32Array; alpha: Float32Array | null };
  bits: 8 | 16;
  /** Interleaved RGB(A), width × height × (3 or 4), shared: what each thread writes its rows into. */
  out: Uint8Array | Uint16Array;
}

/** Rows y0..y1-1 of the export into job.out: the same samples whichever thread runs which rows. */
export function exportRows(job: ExportJob, y0: number, y1: number): void {
  const { low, full } = job;
  const { width: W, height: H } = full;
  const same = low.width === W && low.height === H;
  // A window of rows of the upsampling equals those rows of the whole (joint-bilateral-upsample.ts).
  const [a, b] = same
    ? [low.a, low.b]
    : jointBilateralUpsample(low.L, [low.a, low.b], low.width, low.height, full.L, W, H, {
        window: { x: 0, y: y0, width: W, height: y1 - y0 },
      });
  const img = { width: W, height: H, L: full.L, a, b, alpha: full.alpha };
  labRangeToSamples(img, y0 * W, y1 * W, job.out, job.bits, same ? 0 : y0 * W);
}
