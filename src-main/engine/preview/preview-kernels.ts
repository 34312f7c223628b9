/**
 * The preview's per-edit work as jobs over a range of preview rows, so that two threads can each
 * take a share of one update (preview-threads.ts). A job carries everything it reads and writes;
 * whatever both threads touch lives in shared memory.
 *
 * - `region`: the region colours. Decode the pairs of the network rows the preview rows read
 *   (pooling.ts), upsample them region by region (region-upsample.ts), apply custom colours,
 *   convert to RGBA.
 * - `stroke`: the region colours plus the brush strokes' change (strokes/stroke-change.ts), converting only
 *   the pixels the strokes changed, into a copy of the region colours' RGBA.
 * - `solve`: one plane of a stroke's change (stroke-solver.ts); not split by rows: the two
 *   threads solve the a and b planes at once.
 * - `export`: an export's full-resolution rows (upsample/export-rows.ts), run in bands that each
 *   thread claims in turn (runBands), since a photo's rows take seconds, not milliseconds.
 */
import type { Plane } from '../session/stages.js';
import { decodePairs } from '../colour/pooling.js';
import type { Pairs } from '../colour/region-pairs.js';
import { regionUpsample, type UpsamplePlan } from '../upsample/region-upsample.js';
import { taps } from '../upsample/resample.js';
import { labToRgba8 } from '../colour/lab-to-srgb.js';
import { solveChannel } from '../strokes/stroke-solver.js';
import type { Barrier } from '../strokes/edge-barrier.js';
import { applyStrokeRows, type StrokeChange } from '../strokes/stroke-change.js';
import { exportRows, type ExportJob } from '../upsample/export-rows.js';

export interface AbPlanes {
  a: Float32Array;
  b: Float32Array;
}
export interface Rendered extends AbPlanes {
  rgba: Uint8ClampedArray;
}

export interface RegionJob {
  kind: 'region';
  preview: Plane;
  /** The network's grid, its per-pixel log-probabilities (pixel-major) and the regions' pools. */
  net: {
    width: number;
    height: number;
    Q: number;
    logp: Float32Array;
    logpS: Float32Array | null;
    bins: Float32Array;
    /** Each region's dominant mode (R × Q, 1 inside; dominant-modes.ts), null for none. */
    dominant: Uint8Array | null;
  };
  pairs: Pairs;
  plan: UpsamplePlan;
  T: number;
  kappa: number;
  /** Regions restricted to one swatch: [region, mask (0 or -Infinity per bin)]. */
  masks: [number, Float32Array][];
  /** Custom colours: a and b of region S at 2S, 2S+1 (NaN: none), with the preview's labels; null when none. */
  overrides: { ab: Float32Array; labels: Int32Array } | null;
  /** Scratch for the decoded pairs (one a, b per pair). */
  decoded: AbPlanes;
  out: Rendered;
}

export interface StrokeJob {
  kind: 'stroke';
  preview: Plane;
  change: StrokeChange;
  base: Rendered;
  out: Rendered & { changed: Uint8Array };
}

export interface SolveJob {
  kind: 'solve';
  L: Float32Array;
  width: number;
  height: number;
  pixels: Int32Array;
  values: Float32Array;
  /** The full-resolution edges on the solve grid (edge-barrier.ts), shared. */
  barrier?: Barrier | null;
  out: Float32Array;
}

export type PreviewJob = RegionJob | StrokeJob | SolveJob | ExportJob;

/** Runs a job: preview rows y0..y1-1 of a rendering, or all of a solve. */
export function runJob(job: PreviewJob, y0: number, y1: number): void {
  if (job.kind === 'solve')
    job.out.set(solveChannel(job.L, job.width, job.height, job.pixels, job.values, { barrier: job.barrier }));
  else if (y1 <= y0) return;
  else if (job.kind === 'region') renderRegionRows(job, y0, y1);
  else if (job.kind === 'export') exportRows(job, y0, y1);
  else renderStrokeRows(job, y0, y1);
}

/**
 * Bands of `rows` rows out of `height`, handed out by a shared counter, so whichever thread is
 * free takes the next one (a busy core does not hold the other back), and marked finished one by
 * one, so a helper that fails midway leaves a record of what is still to do.
 */
export interface Bands {
  next: Int32Array;
  finished: Int32Array;
  rows: number;
  height: number;
}

/** Claims and runs bands of `job` until none are left; both threads run this on the same `bands`. */
export function runBands(job: PreviewJob, bands: Bands): void {
  const count = bands.finished.length;
  for (let k = Atomics.add(bands.next, 0, 1); k < count; k = Atomics.add(bands.next, 0, 1)) {
    runJob(job, k * bands.rows, Math.min(bands.height, (k + 1) * bands.rows));
    Atomics.store(bands.finished, k, 1);
  }
}

/** The bands no thread finished (after a helper failed or stalled), run here. */
export function runUnfinishedBands(job: PreviewJob, bands: Bands): void {
  for (let k = 0; k < bands.finished.length; k++)
    if (!Atomics.load(bands.finished, k)) {
      runJob(job, k * bands.rows, Math.min(bands.height, (k + 1) * bands.rows));
      Atomics.store(bands.finished, k, 1);
    }
}

function renderRegionRows(job: RegionJob, y0: number, y1: number): void {
  const { preview, net, pairs, plan, out } = job;
  const { width: W, height: H } = preview;
  // The network rows these preview rows read (the bilinear taps are monotone in y).
  const ty = taps(H, net.height);
  const masks = new Map(job.masks);
  decodePairs(
    net.logp,
    net.Q,
    net.width * net.height,
    pairs,
    net.logpS,
    net.bins,
    job.T,
    job.kappa,
    (S) => masks.get(S) ?? null,
    { from: ty.x0[y0] * net.width, to: (ty.x1[y1 - 1] + 1) * net.width, into: job.decoded },
    net.dominant,
  );
  const from = y0 * W,
    to = y1 * W;
  regionUpsample(plan, job.decoded, { from, to, into: out });
  if (job.overrides) {
    const { ab, labels } = job.overrides;
    for (let i = from; i < to; i++) {
      const S = labels[i],
        oa = ab[2 * S];
      if (oa === oa) {
        out.a[i] = oa;
        out.b[i] = ab[2 * S + 1];
      }
    }
  }
  labToRgba8({ width: W, height: H, L: preview.L, a: out.a, b: out.b, alpha: null }, { from, to, into: out.rgba });
}

function renderStrokeRows(job: StrokeJob, y0: number, y1: number): void {
  const { preview, base, out } = job;
  const { width: W, height: H } = preview;
  applyStrokeRows(job.change, preview, base, out, y0, y1);
  const from = y0 * W,
    to = y1 * W;
  out.rgba.set(base.rgba.subarray(4 * from, 4 * to), 4 * from);
  labToRgba8(
    { width: W, height: H, L: preview.L, a: out.a, b: out.b, alpha: null },
    { mask: out.changed, from, to, into: out.rgba },
  );
}
