/**
 * The preview's helper thread (preview-threads.ts): runs its part of each job (its rows, or bands
 * of an export's rows until none are left) and says so through the shared `done` flag, which the thread that posted the job waits on.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runBands, runJob, type Bands, type PreviewJob } from './preview-kernels.js';
import { warmUpExportRows } from '../upsample/export-rows.js';

const done = new Int32Array(workerData.done as SharedArrayBuffer);
parentPort!.on('message', ({ job, y0, y1, bands }: { job: PreviewJob; y0: number; y1: number; bands?: Bands }) => {
  let ok = true;
  try {
    if (bands) runBands(job, bands);
    else runJob(job, y0, y1);
  } catch {
    ok = false;
  }
  Atomics.store(done, 0, ok ? 1 : 2);
  Atomics.notify(done, 0);
});
warmUpExportRows();
parentPort!.postMessage({ ready: true });
