/**
 * The one error type the engine throws on purpose. Its message is the one line a user reads:
 * the file it concerns and the reason, never a stack trace.
 */
export class TinctError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(file ? `${file}: ${reason}` : reason, options);
    this.name = 'TinctError';
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
