/**
 * Two threads for each preview update: a helper thread renders the top rows while the calling
 * thread renders the rest (preview-kernels.ts), and solves a stroke's b plane while the caller
 * solves its a plane, which halves an edit's latency on the two cores the app is written for. The call stays synchronous: the caller waits for the helper with
 * Atomics.wait once its own share is done. Until the helper has started (it is started with the
 * first photo), or if it ever fails or stalls, the caller renders every row itself: the helper
 * only ever makes an update faster, never different.
 *
 * Everything a job reads or writes that both threads touch must be in shared memory
 * (`shared*` below); the rest of a job is copied when it is posted, so it should be small.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { runJob, type PreviewJob } from './preview-kernels.js';
import { solveChannel, type StrokeConstraint } from '../strokes/stroke-solver.js';

/** The helper's entry: from a checkout a tsx loader for preview-helper.ts; the packaged app bundles one beside its engine worker. */
const ENTRY = new URL('./preview-helper-entry.mjs', import.meta.url);
/** A helper that has not answered in this long is given up (its rows are rendered here). */
const STALL_MS = 2000;

interface Helper {
  worker: Worker;
  ready: boolean;
  broken: boolean;
}
let helper: Helper | null = null;
/** 0 while the helper works on a job, 1 when it is done, 2 when its job failed. */
const done = new Int32Array(new SharedArrayBuffer(4));

/** Whether updates use two threads: not on a single core, nor with TINCT_PREVIEW_THREADS=1 (to measure one). */
function wanted(): boolean {
  return availableParallelism() > 1 && process.env.TINCT_PREVIEW_THREADS !== '1';
}

/** Starts the helper if it is not running; renders are single-threaded until it says it is ready. */
export function startPreviewHelper(): void {
  if (helper || !wanted()) return;
  const worker = new Worker(ENTRY, { workerData: { done: done.buffer } });
  const h: Helper = { worker, ready: false, broken: false };
  worker.on('message', (m: { ready?: boolean }) => {
    if (m.ready) h.ready = true;
  });
  const fail = () => {
    h.broken = true;
    if (helper === h) helper = null;
  };
  worker.on('error', fail);
  worker.on('exit', fail);
  // The helper never keeps a process (the CLI, a test run) alive.
  worker.unref();
  helper = h;
}

/**
 * Runs `local` here while the helper runs rows y0..y1-1 of `job`; where there is no helper ready,
 * or it fails or stalls, runs that part here as well.
 */
function shareWork(job: PreviewJob, y0: number, y1: number, local: () => void): void {
  const h = helper;
  if (!h?.ready || h.broken || !wanted()) {
    startPreviewHelper();
    local();
    runJob(job, y0, y1);
    return;
  }
  Atomics.store(done, 0, 0);
  h.worker.postMessage({ job, y0, y1 });
  local();
  const waited = Atomics.wait(done, 0, 0, STALL_MS);
  if (waited === 'timed-out' || Atomics.load(done, 0) !== 1) {
    // A stalled or failed helper is stopped and its part done here; the next photo starts another.
    h.broken = true;
    helper = null;
    void h.worker.terminate();
    runJob(job, y0, y1);
  }
}

/** Below this many preview rows a second thread saves less than posting to it costs. */
const MIN_SHARED_ROWS = 64;

/** Renders all rows of a preview job: the helper the top half, this thread the rest. */
export function renderPreviewJob(job: PreviewJob): void {
  const H = job.kind === 'solve' ? 0 : job.preview.height;
  if (H < MIN_SHARED_ROWS) return runJob(job, 0, H);
  const mid = H >> 1;
  shareWork(job, 0, mid, () => runJob(job, mid, H));
}

/** A stroke's change (stroke-solver.ts), the b plane solved by the helper while this thread solves a. */
export function solveStrokesOnTwoThreads(
  L: Float32Array,
  w: number,
  h: number,
  cons: StrokeConstraint,
): { a: Float32Array; b: Float32Array } {
  const b = sharedFloat32(w * h);
  let a: Float32Array | null = null;
  shareWork({ kind: 'solve', L, width: w, height: h, pixels: cons.pixels, values: cons.db, out: b }, 0, 0, () => {
    a = solveChannel(L, w, h, cons.pixels, cons.da);
  });
  return { a: a!, b };
}

/** Whether the next update will use the helper (for tests and benchmarks). */
export function previewHelperReady(): boolean {
  return !!helper?.ready && !helper.broken && wanted();
}

/** Arrays in shared memory, for the parts of a job both threads read or write. */
export const sharedFloat32 = (n: number) => new Float32Array(new SharedArrayBuffer(4 * n));
export const sharedUint8 = (n: number) => new Uint8Array(new SharedArrayBuffer(n));
export const sharedUint8Clamped = (n: number) => new Uint8ClampedArray(new SharedArrayBuffer(n));
export const sharedInt32 = (n: number): Int32Array => new Int32Array(new SharedArrayBuffer(4 * n));
/** A shared copy of an array (made once per photo for what every job reads). */
export function toShared<T extends Float32Array | Int32Array>(src: T): T {
  if (src.buffer instanceof SharedArrayBuffer) return src;
  const out = (src instanceof Float32Array ? sharedFloat32(src.length) : sharedInt32(src.length)) as T;
  out.set(src);
  return out;
}
