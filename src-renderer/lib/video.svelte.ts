/**
 * The film side of the editor: which frame is shown, play/pause, seeks, the shots, and the hint
 * plan that carries an edit through its shot. Frames are asked of the engine one at a time (its
 * decoder is sequential): the next frame while playing continues the temporal memory, a seek
 * starts it again; seeks that pile up while a frame is on its way collapse into the newest.
 */
import type { SessionInfo, VideoMeta } from '../../src-main/api/protocol.js';
import { isCancelled } from './api.js';
import type { Editor } from './editor.svelte.js';

export class VideoControl {
  /** The frame on screen. */
  frame = $state(0);
  shots = $state<number[]>([0]);
  shotsKnown = $state(false);
  playing = $state(false);
  /** Frames per second shown over the last second or so of playback; null when paused. */
  rate = $state<number | null>(null);
  /** True while the engine carries the hints along the motion (after an edit). */
  planning = $state(false);
  /** True while a frame is on its way (tests wait for it to settle). */
  busy = $state(false);
  readonly frames: number;
  readonly fps: number;
  readonly meta: VideoMeta;

  private target: number | null = null;
  private planJob: string | null = null;
  private shotsJob: string | null = null;
  private stamps: number[] = [];
  private disposed = false;

  constructor(
    private readonly editor: Editor,
    private readonly info: SessionInfo & { video: VideoMeta },
  ) {
    this.meta = info.video;
    this.frames = Math.max(1, info.video.frames);
    this.fps = info.video.fps || 25;
    this.shots = info.video.shots;
    this.shotsKnown = info.video.shotsKnown;
    if (!this.shotsKnown) void this.scanShots();
  }

  /** The clock of frame n as video editors show it: m:ss.ff (ff: the frame within the second). */
  timeOf(n: number): string {
    const s = Math.floor(n / this.fps);
    const ff = Math.round(n - s * this.fps);
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}.${String(ff).padStart(2, '0')}`;
  }

  shotOf(frame: number): number {
    let s = 0;
    while (s + 1 < this.shots.length && this.shots[s + 1] <= frame) s++;
    return s;
  }

  /** Shown while playing slower than the film: the preview cannot keep up on this machine. */
  get dropping(): boolean {
    return this.playing && this.rate !== null && this.rate < this.fps * 0.9;
  }

  seek(n: number): void {
    this.target = Math.min(this.frames - 1, Math.max(0, Math.round(n)));
    void this.pump();
  }

  /** One frame back or on (J/L, ←/→); pauses as video editors do. */
  step(d: number): void {
    this.playing = false;
    this.seek((this.target ?? this.frame) + d);
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  play(): void {
    if (this.playing) return;
    // The selection belongs to the frame it was made on.
    this.editor.clearSelection();
    this.editor.hover = null;
    if (this.frame >= this.frames - 1) this.target = 0;
    this.playing = true;
    this.stamps = [];
    void this.pump();
  }

  pause(): void {
    this.playing = false;
  }

  dispose(): void {
    this.disposed = true;
    this.playing = false;
    for (const j of [this.planJob, this.shotsJob]) if (j) this.editor.api.cancel(j);
  }

  /** Shows seeks and, while playing, the next frames; one request in flight at a time. */
  private async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      for (;;) {
        let n: number;
        if (this.target !== null) {
          n = this.target;
          this.target = null;
        } else if (this.playing && this.frame < this.frames - 1) n = this.frame + 1;
        else break;
        const t0 = performance.now();
        if (!(await this.show(n)) || this.disposed) {
          this.playing = false;
          break;
        }
        if (this.playing) {
          // Never faster than the film; as fast as the engine allows below that.
          const wait = 1000 / this.fps - (performance.now() - t0);
          if (wait > 1) await new Promise((r) => setTimeout(r, wait));
          const now = performance.now();
          this.stamps = [...this.stamps.filter((t) => now - t < 1500), now];
          if (this.stamps.length > 1) this.rate = ((this.stamps.length - 1) * 1000) / (now - this.stamps[0]);
        }
      }
      if (this.frame >= this.frames - 1) this.playing = false;
    } finally {
      this.busy = false;
      if (!this.playing) this.rate = null;
    }
    // A paused frame keeps its selection: the region under the same point on this frame.
    if (!this.playing && !this.disposed) await this.editor.frameChanged(this.playing);
  }

  private async show(n: number): Promise<boolean> {
    const img = await this.editor.guard(() =>
      this.editor.api.call('videoFrame', { session: this.info.session, frame: n, playing: this.playing }),
    );
    if (!img || this.disposed) return false;
    this.editor.showFrame(img, this.playing);
    this.frame = img.index;
    return true;
  }

  private async scanShots(): Promise<void> {
    const jobId = `shots-${this.info.session}`;
    this.shotsJob = jobId;
    try {
      const shots = await this.editor.api.call('videoShots', { session: this.info.session }, { jobId });
      if (this.disposed) return;
      this.shots = shots;
      this.shotsKnown = true;
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      if (!this.disposed && !isCancelled(err)) this.editor.error = `Shot cuts are unavailable: ${msg}`;
    } finally {
      if (this.shotsJob === jobId) this.shotsJob = null;
    }
  }

  /** After an edit: the engine carries the hints through their shots along the motion (the newest edit wins). */
  async replan(): Promise<void> {
    if (this.planJob) this.editor.api.cancel(this.planJob);
    const jobId = `plan-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    this.planJob = jobId;
    this.planning = true;
    try {
      await this.editor.api.call('planHints', { session: this.info.session }, { jobId });
    } catch (err) {
      if (!this.disposed && !isCancelled(err)) this.editor.error = err instanceof Error ? err.message : String(err);
    } finally {
      if (this.planJob === jobId) {
        this.planJob = null;
        this.planning = false;
      }
    }
  }
}
