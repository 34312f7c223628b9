/** A long request the editor shows as a progress card (open, export, …), and what its stages are called. */

export interface Job {
  id: string;
  title: string;
  stage: string;
  cancellable: boolean;
  /** Share done, where the job knows it (a film's export): a bar that fills instead of one that slides. */
  fraction?: number;
}

export const STAGES: Record<string, string> = {
  decode: 'Reading the photo',
  network: 'Colourising',
  distributions: 'Colourising',
  upsample: 'Full resolution',
  encode: 'Writing the file',
};

export function newJobId(): string {
  return `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/** "frame 120 of 240 · 6.1 frames/s · about 20 s left" (the first frames include the hint plan). */
export function exportProgress(done: number, total: number, seconds: number): string {
  const rate = done / Math.max(1e-3, seconds);
  const left = done > 0 ? (total - done) / rate : null;
  const eta =
    left === null ? '' : ` · about ${left < 90 ? `${Math.ceil(left)} s` : `${Math.ceil(left / 60)} min`} left`;
  return `frame ${done} of ${total} · ${rate.toFixed(1)} frames/s${eta}`;
}
