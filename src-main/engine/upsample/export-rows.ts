/**
 * An export's full-resolution work for a band of rows, in one pass, row by row: ab upsampled from
 * the preview grid (joint bilateral, guided by the full-resolution L), then Lab -> sRGB with gamut
 * mapping, packed straight into the interleaved samples sharp encodes. One pass keeps the
 * full-resolution a and b planes (192 MB at 24 MP) from ever existing, and every band is
 * independent, so the two threads of preview-threads.ts each take bands until none are left.
 */
import { rowUpsampler, upsampleRowAb, type RowUpsampler } from './joint-bilateral-upsample.js';
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

/** Per thread: the taps for the last size exported and two rows of scratch (they stay in cache). */
let memo: { key: string; u: RowUpsampler; rowA: Float32Array; rowB: Float32Array } | null = null;

/** Rows y0..y1-1 of the export into job.out: the same samples whichever thread runs which rows. */
export function exportRows(job: ExportJob, y0: number, y1: number): void {
  const { low, full } = job;
  const { width: W, height: H } = full;
  const img = { width: W, height: H, L: full.L, a: low.a, b: low.b, alpha: full.alpha };
  // The preview at full size (a small photo): nothing to upsample, as fullResolutionAb did.
  if (low.width === W && low.height === H) return labRangeToSamples(img, y0 * W, y1 * W, job.out, job.bits);
  const key = `${low.width}x${low.height}>${W}x${H}`;
  if (memo?.key !== key)
    memo = { key, u: rowUpsampler(low.width, low.height, W, H), rowA: new Float32Array(W), rowB: new Float32Array(W) };
  const { u, rowA, rowB } = memo;
  const row = { ...img, a: rowA, b: rowB };
  for (let Y = y0; Y < y1; Y++) {
    upsampleRowAb(u, low.L, low.a, low.b, low.width, full.L, W, Y, rowA, rowB);
    labRangeToSamples(row, Y * W, (Y + 1) * W, job.out, job.bits, Y * W);
  }
}
