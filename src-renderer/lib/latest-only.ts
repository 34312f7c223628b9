/**
 * One call at a time, and only the newest argument waits: what a pointer that moves faster than
 * the engine answers needs (a hover asks for the region under the pointer, not under every pixel
 * it crossed).
 */
export function latestOnly<T>(fn: (arg: T) => Promise<unknown>): (arg: T) => Promise<void> {
  let busy = false;
  let next: { arg: T } | null = null;
  return async (arg: T) => {
    next = { arg };
    if (busy) return;
    busy = true;
    try {
      while (next) {
        const q: { arg: T } = next;
        next = null;
        await fn(q.arg);
      }
    } finally {
      busy = false;
    }
  };
}
