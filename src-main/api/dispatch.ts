/**
 * One request from a UI, whichever transport carried it (WebSocket, Electron IPC): validate it
 * against the contract, turn an upload id into bytes, run it on the engine with progress, and
 * answer with a result or an error as data (a code and one line). A UI cancels a job by the jobId
 * it gave it.
 */
import { errorData } from '../engine/errors.js';
import type { CallOptions } from '../engine/worker/client.js';
import type { Answer, Method, Params, Progress, Result } from './contract/index.js';
import { validateParams } from './contract/validate.js';

export type { Answer };

export interface Engine {
  call<M extends Method>(method: M, params: Params<M>, opts?: CallOptions): Promise<Result<M>>;
}

export interface Upload {
  name: string;
  bytes: Uint8Array;
}

export class Dispatcher {
  private readonly jobs = new Map<string, AbortController>();

  constructor(
    private readonly engine: Engine,
    /** The bytes behind an upload id (browser shell); consumed by the open that names it. */
    private readonly takeUpload: (id: string) => Upload | null = () => null,
  ) {}

  async handle(
    method: unknown,
    params: unknown,
    jobId: string | undefined,
    onProgress: (p: Progress) => void,
  ): Promise<Answer> {
    const valid = validateParams(method, params);
    if (!valid.ok) return { ok: false, error: { code: 'bad-input', message: valid.error } };
    let engineParams: unknown = valid.params;
    if (valid.method === 'open' && 'upload' in (valid.params as object)) {
      const up = this.takeUpload((valid.params as { upload: string }).upload);
      if (!up)
        return { ok: false, error: { code: 'not-found', message: 'that upload is gone (upload the photo again)' } };
      const { model } = valid.params as { model?: string };
      engineParams = { name: up.name, bytes: up.bytes, ...(model ? { model } : {}) };
    }
    const abort = new AbortController();
    if (jobId) this.jobs.set(jobId, abort);
    try {
      const result = await this.engine.call(valid.method, engineParams as never, { onProgress, signal: abort.signal });
      return { ok: true, result };
    } catch (err) {
      const error = errorData(err);
      // One line, whatever the engine threw (a stack trace stays in the engine).
      return { ok: false, error: { code: error.code, message: error.message.split('\n')[0].trim() } };
    } finally {
      if (jobId) this.jobs.delete(jobId);
    }
  }

  cancel(jobId: string): void {
    this.jobs.get(jobId)?.abort();
  }
}
