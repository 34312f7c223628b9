/**
 * Two threads for each preview update: a helper thread renders the top rows while the calling
 * thread renders the rest (preview-kernels.ts), and solves a stroke's b plane while the caller
 * solves its a plane, which halves an edit's latency on the two cores the app is written for. The
 * call stays synchronous: the caller waits for the helper with Atomics.wait once its own share is
 * done. Until the helper has started (it is started with the
 * first photo), or if it ever fails or stalls, the caller renders every row itself: the helper
 * only ever makes an update faster, never different.
 *
 * An export's full-resolution rows (renderInBands) use the same helper: one helper for the whole
 * engine, so the preview and the export never compete for the second core.
 *
 * Everything a job reads or writes that both threads touch must be in shared memory
 * (`shared*` below); the rest of a job is copied when it is posted, so it should be small.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  runJob,
  runBands,
  runUnfinishedBands,
  type PreviewJob,
  type RegionJob,
  type StrokeJob,
} from './preview-kernels.js';
import { solveChannel, type SolveOptions, type StrokeConstraint } from '../strokes/stroke-solver.js';

/**
 * The helper's entry: from a checkout a tsx loader for preview-helper.ts; the packaged app bundles one beside its
 * engine worker.
 */
const ENTRY = new URL('./preview-helper-entry.mjs', import.meta.url);
/** A helper that has not answered in this long is given up (its rows are rendered here). */
const STALL_MS = 2000;

interface Helper {
  worker: Worker;
  ready: boolean;
  broken: boolean;
  /** Settles when the helper says it is ready or fails. */
  started: Promise<void>;
}
let helper: Helper | null = null;
/** 0 while the helper works on a job, 1 when it is done, 2 when its job failed. */
const done = new Int32Array(new SharedArrayBuffer(4));

/**
 * Whether work uses two threads: not on a single core, nor with TINCT_THREADS=1 (or the older
 * TINCT_PREVIEW_THREADS=1), which measure and test the one-thread path.
 */
function wanted(): boolean {
  return availableParallelism() > 1 && process.env.TINCT_THREADS !== '1' && process.env.TINCT_PREVIEW_THREADS !== '1';
}

/** Starts the helper if it is not running; renders are single-threaded until it says it is ready. */
export function startPreviewHelper(): void {
  if (helper || !wanted()) return;
  const worker = new Worker(ENTRY, { workerData: { done: done.buffer } });
  let settle = () => {};
  const h: Helper = { worker, ready: false, broken: false, started: new Promise<void>((r) => (settle = r)) };
  worker.on('message', (m: { ready?: boolean }) => {
    if (m.ready) h.ready = true;
    settle();
  });
  const fail = () => {
    h.broken = true;
    if (helper === h) helper = null;
    settle();
  };
  worker.on('error', fail);
  worker.on('exit', fail);
  // The helper never keeps a process (the CLI, a test run) alive.
  worker.unref();
  helper = h;
}

/**
 * Posts `message` to the helper and runs `local` here meanwhile; `rest` is what the helper's part
 * comes to when no helper is ready, or when it fails or stalls (then it is run here).
 */
function shareWork(message: object, local: () => void, rest: () => void): void {
  const h = helper;
  if (!h?.ready || h.broken || !wanted()) {
    startPreviewHelper();
    local();
    rest();
    return;
  }
  Atomics.store(done, 0, 0);
  h.worker.postMessage(message);
  local();
  const waited = Atomics.wait(done, 0, 0, STALL_MS);
  if (waited === 'timed-out' || Atomics.load(done, 0) !== 1) {
    // A stalled or failed helper is stopped and its part done here; the next photo starts another.
    h.broken = true;
    helper = null;
    void h.worker.terminate();
    rest();
  }
}

/** Below this many preview rows a second thread saves less than posting to it costs. */
const MIN_SHARED_ROWS = 64;

/** Renders all rows of a preview job: the helper the top half, this thread the rest. */
export function renderPreviewJob(job: RegionJob | StrokeJob): void {
  const H = job.preview.height;
  if (H < MIN_SHARED_ROWS) return runJob(job, 0, H);
  const mid = H >> 1;
  shareWork(
    { job, y0: 0, y1: mid },
    () => runJob(job, mid, H),
    () => runJob(job, 0, mid),
  );
}

/**
 * Rows per band of a full-resolution job: ~30 ms of work at 4000 px wide, so the two threads end
 * within a band of each other and the caller's wait for the helper's last band stays far under
 * STALL_MS, whatever the photo's size.
 */
const BAND_ROWS = 32;

/**
 * Runs every row of a job that takes seconds (an export's rows: upsample/export-rows.ts) on both
 * threads, band by band, and returns when all are done; the same samples as on one thread.
 */
export function renderInBands(job: PreviewJob, height: number): void {
  const count = Math.ceil(height / BAND_ROWS);
  const bands = { next: sharedInt32(1), finished: sharedInt32(count), rows: BAND_ROWS, height };
  shareWork(
    { job, bands },
    () => runBands(job, bands),
    () => runUnfinishedBands(job, bands),
  );
}

/**
 * Waits (at most `ms`) for a helper that is starting, so a long job started right after a photo
 * opens (the CLI's export) gets both threads; resolves at once when none is starting.
 */
export async function helperStarted(ms: number): Promise<void> {
  startPreviewHelper();
  const h = helper;
  if (!h || h.ready) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([h.started, new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}

/** A stroke's change (stroke-solver.ts), the b plane solved by the helper while this thread solves a. */
export function solveStrokesOnTwoThreads(
  L: Float32Array,
  w: number,
  h: number,
  cons: StrokeConstraint,
  opts: SolveOptions = {},
): { a: Float32Array; b: Float32Array } {
  const b = sharedFloat32(w * h);
  let a: Float32Array | null = null;
  const barrier = opts.barrier && { right: toShared(opts.barrier.right), down: toShared(opts.barrier.down) };
  const job: PreviewJob = {
    kind: 'solve',
    L,
    width: w,
    height: h,
    pixels: cons.pixels,
    values: cons.db,
    barrier,
    out: b,
  };
  shareWork(
    { job, y0: 0, y1: 0 },
    () => (a = solveChannel(L, w, h, cons.pixels, cons.da, { barrier })),
    () => runJob(job, 0, 0),
  );
  return { a: a!, b };
}

/** Whether the next update will use the helper (for tests and benchmarks). */
export function previewHelperReady(): boolean {
  return !!helper?.ready && !helper.broken && wanted();
}

/** Arrays in shared memory, for the parts of a job both threads read or write. */
export const sharedFloat32 = (n: number) => new Float32Array(new SharedArrayBuffer(4 * n));
export const sharedUint8 = (n: number) => new Uint8Array(new SharedArrayBuffer(n));
export const sharedUint16 = (n: number) => new Uint16Array(new SharedArrayBuffer(2 * n));
export const sharedUint8Clamped = (n: number) => new Uint8ClampedArray(new SharedArrayBuffer(n));
export const sharedInt32 = (n: number): Int32Array => new Int32Array(new SharedArrayBuffer(4 * n));
/** A shared copy of an array (made once per photo for what every job reads). */
export function toShared<T extends Float32Array | Int32Array>(src: T): T {
  if (src.buffer instanceof SharedArrayBuffer) return src;
  const out = (src instanceof Float32Array ? sharedFloat32(src.length) : sharedInt32(src.length)) as T;
  out.set(src);
  return out;
}
