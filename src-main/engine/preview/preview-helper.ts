/**
 * The preview's helper thread (preview-threads.ts): runs its part of each job (its rows, or bands
 * of an export's rows until none are left) and says so through the shared `done` flag, which the
 * thread that posted the job waits on.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';
import { runBands, runJob, type Bands, type PreviewJob } from './preview-kernels.js';
import { warmUpExportRows } from '../upsample/export-rows.js';

const done = new Int32Array(workerData.done as SharedArrayBuffer);

/**
 * This thread allocates almost nothing, so its heap is rarely collected, and every job's shared
 * buffers (an export's full-resolution L and samples: 120 MB at 12 MP) stayed alive through the
 * job objects it had received: a batch of 7 photos grew the process by 130 MB a photo. A full
 * collection after each export's bands (a few ms on this small heap) lets them go. `gc` is taken
 * from a fresh context once the flag is set (a Worker's execArgv takes no V8 flags).
 */
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;
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
  if (bands) collect();
});
warmUpExportRows();
parentPort!.postMessage({ ready: true });
