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

/**
 * Runs the export's loops on a small made-up photo, so that a fresh thread (the helper, at start)
 * has them compiled before its first real export, which is a CLI run's only one: a 12 MP pass on
 * two threads in a fresh process took 1.1–1.6 s with a cold helper, 0.6–1.0 s with a warm one
 * (2 shared cores, load 4–5; the warm-up itself is a few ms, while the photo decodes).
 */
export function warmUpExportRows(): void {
  const [w, h, W, H] = [48, 32, 480, 320];
  const plane = (n: number, f: (i: number) => number) => Float32Array.from({ length: n }, (_, i) => f(i));
  const job: ExportJob = {
    kind: 'export',
    low: {
      width: w,
      height: h,
      L: plane(w * h, (i) => (i * 7) % 100),
      a: plane(w * h, (i) => ((i * 13) % 160) - 80),
      b: plane(w * h, (i) => ((i * 17) % 160) - 80),
    },
    full: { width: W, height: H, L: plane(W * H, (i) => (i * 3) % 100), alpha: null },
    bits: 16,
    out: new Uint16Array(W * H * 3),
  };
  for (let k = 0; k < 4; k++) exportRows(job, 0, H);
  memo = null;
}
