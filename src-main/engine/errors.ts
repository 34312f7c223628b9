/**
 * What kind of failure an error is, as it crosses every bridge (worker, IPC, WebSocket) as data:
 * a UI acts on the code (a cancel is no failure to show), never on the message's text.
 * - cancelled: the user's cancel, or a newer request that replaced this one;
 * - bad-input: the file or the request cannot work (the message says which and why);
 * - not-found: a file, an upload or a session that is not there;
 * - internal: anything else (a bug, the engine stopped).
 */
export const ERROR_CODES = ['cancelled', 'bad-input', 'not-found', 'internal'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** An error as data: what crosses a bridge. */
export interface ErrorData {
  code: ErrorCode;
  message: string;
}

/**
 * The one error type the engine throws on purpose. Its message is the one line a user reads:
 * the file it concerns and the reason, never a stack trace.
 */
export class TinctError extends Error {
  readonly code: Exclude<ErrorCode, 'cancelled'>;
  constructor(
    readonly file: string,
    readonly reason: string,
    options?: { cause?: unknown; code?: Exclude<ErrorCode, 'cancelled'> },
  ) {
    super(file ? `${file}: ${reason}` : reason, options);
    this.name = 'TinctError';
    this.code = options?.code ?? 'bad-input';
  }
}

/** Thrown when a job's AbortSignal fires; callers treat it as "cancelled", not as a failure. */
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}

/**
 * Between two synchronous stages of a job: let the event loop run once (so a cancel message that
 * arrived during the last stage is delivered and aborts the signal), then stop if cancelled.
 */
export async function checkpoint(signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return;
  await new Promise((resolve) => setImmediate(resolve));
  throwIfAborted(signal);
}

/** The first line of any error, for messages that must stay on one line. */
export function oneLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0].trim();
}

/** Any error as data, for a bridge: the engine's own errors keep their code, others are internal. */
export function errorData(err: unknown): ErrorData {
  if (err instanceof CancelledError) return { code: 'cancelled', message: 'cancelled' };
  if (err instanceof TinctError) return { code: err.code, message: err.message };
  return { code: 'internal', message: oneLine(err) };
}

/** An error that came as data, thrown again on this side of the bridge as what it was. */
export function errorFromData(data: ErrorData): Error {
  if (data.code === 'cancelled') return new CancelledError();
  return new TinctError('', data.message, { code: data.code });
}
