/**
 * The parent's handle on the engine worker: starts it, sends requests, routes progress events to
 * their job, turns a cancel into a message, and answers a dead worker's pending jobs with an error.
 */
import { Worker } from 'node:worker_threads';
import { CancelledError, TinctError, errorFromData } from '../errors.js';
import type { HostOptions } from './host.js';
import type { Method, Params, Progress, Reply, Result } from './protocol.js';

export interface CallOptions {
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  onProgress?: (p: Progress) => void;
}

/** The tsx entry from a checkout; the desktop app passes its bundled worker instead. */
export const DEV_ENTRY = new URL('./entry.mjs', import.meta.url);

export class EngineWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private dead: string | null = null;
  private readonly cancelFlags = new Int32Array(new SharedArrayBuffer(4 * 256));
  readonly ready: Promise<void>;

  constructor(opts: HostOptions, entry: URL | string = DEV_ENTRY) {
    this.worker = new Worker(entry, { workerData: { ...opts, cancelFlags: this.cancelFlags.buffer } });
    this.ready = new Promise((resolve, reject) => {
      const first = (msg: { ready?: boolean; error?: string }) => {
        if (msg.ready === undefined) return;
        this.worker.off('message', first);
        if (msg.ready) resolve();
        else reject(new TinctError(opts.model, msg.error ?? 'the engine did not start'));
      };
      this.worker.on('message', first);
    });
    this.worker.on('message', (msg: Reply) => this.onReply(msg));
    const fail = (why: string) => {
      this.dead = why;
      for (const p of this.pending.values()) p.reject(new TinctError('', why, { code: 'internal' }));
      this.pending.clear();
    };
    this.worker.on('error', (err) => fail(`the engine stopped: ${err.message.split('\n')[0]}`));
    this.worker.on('exit', (code) => fail(`the engine stopped (exit code ${code})`));
  }

  call<M extends Method>(method: M, params: Params<M>, opts: CallOptions = {}): Promise<Result<M>> {
    if (this.dead) return Promise.reject(new TinctError('', this.dead, { code: 'internal' }));
    const id = this.nextId++;
    return new Promise<Result<M>>((resolve, reject) => {
      if (opts.signal?.aborted) return reject(new CancelledError());
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress: opts.onProgress });
      opts.signal?.addEventListener(
        'abort',
        () => {
          Atomics.store(this.cancelFlags, id % this.cancelFlags.length, id);
          this.worker.postMessage({ id, cancel: true });
        },
        { once: true },
      );
      this.worker.postMessage({ id, method, params });
    });
  }

  /** Writes pending autosaves, then stops the worker. */
  async close(): Promise<void> {
    if (!this.dead) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 3000);
        this.worker.on('message', (m: { flushed?: boolean }) => {
          if (m.flushed) {
            clearTimeout(t);
            resolve();
          }
        });
        this.worker.postMessage({ flush: true });
      });
    }
    await this.worker.terminate();
  }

  private onReply(msg: Reply): void {
    const p = this.pending.get(msg.id);
    if (!p) return;
    if ('progress' in msg) {
      p.onProgress?.(msg.progress);
      return;
    }
    this.pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.result);
    // The error came as data; thrown again as what it was (CancelledError, TinctError with its code).
    else p.reject(errorFromData(msg.error));
  }
}
