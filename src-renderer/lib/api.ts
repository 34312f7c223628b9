/**
 * The editor's handle on window.tinct: `call` resolves with the result, or throws an ApiError
 * that carries the contract's error code, so the UI decides on the code (a cancel is not a
 * failure to show), never on the message's text. The bridge itself answers with data (an Error
 * crossing Electron's contextBridge keeps only its message).
 */
import type {
  ApiError as ApiErrorData,
  CallOptions,
  ErrorCode,
  Method,
  Result,
  TinctBridge,
  UiParams,
} from '../../src-main/api/protocol.js';

export class ApiError extends Error {
  readonly code: ErrorCode;
  constructor(data: ApiErrorData) {
    super(data.message);
    this.name = 'ApiError';
    this.code = data.code;
  }
}

/** True for a job the user (or a newer request) cancelled: nothing to tell the user. */
export function isCancelled(err: unknown): boolean {
  return err instanceof ApiError && err.code === 'cancelled';
}

export interface Api extends Omit<TinctBridge, 'request'> {
  call<M extends Method>(method: M, params: UiParams<M>, opts?: CallOptions): Promise<Result<M>>;
}

export function apiOver(bridge: TinctBridge): Api {
  return {
    transport: bridge.transport,
    async call<M extends Method>(method: M, params: UiParams<M>, opts?: CallOptions): Promise<Result<M>> {
      const answer = await bridge.request(method, params, opts);
      if (!answer.ok) throw new ApiError(answer.error);
      return answer.result;
    },
    cancel: (jobId) => bridge.cancel(jobId),
    fileSource: (file) => bridge.fileSource(file),
    dialog: (kind, suggested) => bridge.dialog(kind, suggested),
    onMenu: (handler) => bridge.onMenu(handler),
    recent: () => bridge.recent(),
  };
}
