/**
 * The engine worker: a worker_threads thread that owns the open photos (Sessions) and answers
 * protocol.ts requests from its parent. Long jobs send progress events; a cancel message aborts
 * the job it names. Preview pixels are transferred, not copied.
 */
import { dirname } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { Colorizer } from '../models/colorizer-model.js';
import { ModelLibrary, userModelsDir } from '../models/model-library.js';
import { CancelledError, errorData, oneLine } from '../errors.js';
import type { Device } from '../models/onnx-session.js';
import { loadSegmentFunction } from '../segmentation/segment-function.js';
import type { Reply, Request } from './protocol.js';
import { Sessions } from './sessions.js';

export interface HostOptions {
  /** The built-in colorizer. */
  model: string;
  /** The user's models folder (default: userModelsDir()); its .onnx files can be chosen per photo. */
  modelsDir?: string;
  device?: Device;
  /** The segmenter model; without one, regions are off and colour is per pixel. */
  segmenter?: string | null;
  stateDir: string;
  pixelLimit?: number;
  autosaveDelay?: number;
  /** Where the sample photos are (a packaged app keeps them outside its archive). */
  samplesDir?: string;
  /**
   * Cancel flags shared with the parent (Int32 slots, job id % length): a cancel is seen even
   * while the engine runs a synchronous stage and the cancel message waits in the queue.
   */
  cancelFlags?: SharedArrayBuffer;
}

export async function serve(port: NonNullable<typeof parentPort>, opts: HostOptions): Promise<void> {
  const post = (reply: Reply, transfer: ArrayBuffer[] = []) => port.postMessage(reply, transfer);
  let sessions: Sessions;
  try {
    const colorizer = await Colorizer.load(opts.model, opts.device ?? 'cpu', { dataDirs: [dirname(opts.model)] });
    // Data files (bins) are beside the built-in model: models/ in a checkout, resources/models in the app.
    const library = new ModelLibrary([opts.model], opts.modelsDir ?? userModelsDir(), {
      dataDirs: [dirname(opts.model)],
    });
    await library.know(colorizer, 'built-in');
    sessions = new Sessions({
      colorizer,
      library,
      segment: opts.segmenter ? await loadSegmentFunction(opts.device ?? 'cpu', undefined, opts.segmenter) : null,
      stateDir: opts.stateDir,
      pixelLimit: opts.pixelLimit,
      autosaveDelay: opts.autosaveDelay,
      samplesDir: opts.samplesDir,
    });
  } catch (err) {
    port.postMessage({ ready: false, error: oneLine(err) });
    return;
  }
  const jobs = new Map<number, AbortController>();
  const flags = opts.cancelFlags ? new Int32Array(opts.cancelFlags) : null;
  const cancelled = (id: number) => !!flags && Atomics.load(flags, id % flags.length) === id;
  port.on('message', async (msg: Request | { flush: true }) => {
    if ('flush' in msg) {
      await sessions.flush().catch(() => undefined);
      port.postMessage({ flushed: true });
      return;
    }
    if ('cancel' in msg) {
      jobs.get(msg.id)?.abort();
      return;
    }
    const abort = new AbortController();
    jobs.set(msg.id, abort);
    try {
      // Let a cancel sent right behind the request arrive before the work starts (messages are
      // read in the loop's poll phase, which lies between two check phases); inside a job, the
      // engine checks the signal between its stages.
      await new Promise((r) => setImmediate(() => setImmediate(r)));
      if (abort.signal.aborted) throw new CancelledError();
      const result = await sessions.call(msg.method, msg.params as never, {
        signal: abort.signal,
        // The engine reports each stage as it starts: the moment to notice a cancel that came in
        // during the synchronous stage before it (throwing here ends the job).
        onProgress: (stage, fraction) => {
          if (cancelled(msg.id)) {
            abort.abort();
            throw new CancelledError();
          }
          post({ id: msg.id, progress: { stage, fraction } });
        },
      });
      const rgba = (result as { rgba?: Uint8ClampedArray } | null)?.rgba;
      post({ id: msg.id, ok: true, result }, rgba ? [rgba.buffer as ArrayBuffer] : []);
    } catch (err) {
      // A job whose signal fired is cancelled whatever it threw on its way out.
      const error = abort.signal.aborted ? errorData(new CancelledError()) : errorData(err);
      post({ id: msg.id, ok: false, error });
    } finally {
      jobs.delete(msg.id);
    }
  });
  port.postMessage({ ready: true });
}

if (parentPort) await serve(parentPort, workerData as HostOptions);
