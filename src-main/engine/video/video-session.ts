/**
 * One film open in the editor: frames are decoded and coloured on demand (the next frame from the
 * running decoder while playing, a new decoder at a seek), each through the export's own
 * FrameColourer, so what the editor shows is what `tinct colorize` writes. The current frame is
 * an EditSession: regions, swatches and strokes work on it as on a photo; a choice made on it is
 * recorded with its frame and holds through that frame's shot (hint-tracks.ts), in the preview
 * and in the export.
 */
import type { Colorizer, Logits } from '../models/colorizer-model.js';
import type { EditSession, PreviewImage, RegionInfo, SegmentFunction } from '../session/edit-session.js';
import type { EditDocument, RegionChoice } from '../document/edit-document.js';
import { EditDocumentSchema, newDocument } from '../document/edit-document.js';
import { TinctError } from '../errors.js';
import type { JobControl } from '../session/stages.js';
import type { FfmpegTools } from './ffmpeg-tools.js';
import { probeVideo, type VideoInfo } from './probe.js';
import { colourFrames, DEFAULT_TEMPORAL, FrameColourer, hintsByFrame, workFrames } from './colorize-video.js';
import { CutDetector } from './shot-cuts.js';
import type { FrameHints } from './hint-tracks.js';
import type { WorkFrame } from './work-frame.js';
import { writeVideo, type VideoOutput } from './video-writer.js';
import { VERSION } from '../version.js';

/** A video's edit document: a photo's, whose hints carry their frame, and μ. */
export interface VideoDocument extends EditDocument {
  temporal: number;
}

interface Decoded {
  f: WorkFrame;
  logits: Logits;
}

export interface VideoFrame extends PreviewImage {
  index: number;
  /** Index into `shots` of the shot this frame belongs to. */
  shot: number;
}

export class VideoSession {
  private doc: VideoDocument;
  private shotStarts: number[] = [0];
  private colourer: FrameColourer;
  private reader: AsyncIterator<WorkFrame> | null = null;
  /** The next frame, decoded and through the network while the current one is looked at (playback). */
  private ahead: { n: number; next: Promise<Decoded | null> } | null = null;
  private last = -2;
  private current: { index: number; session: EditSession } | null = null;
  private plan: { key: string; at: (t: number) => FrameHints } | null = null;

  private constructor(
    readonly info: VideoInfo,
    private readonly models: { colorizer: Colorizer; segment: SegmentFunction | null },
    private readonly tools: FfmpegTools,
  ) {
    const { colorizer } = models;
    this.doc = {
      ...newDocument(info.path, info.width, info.height, colorizer.defaultTemperature),
      temporal: DEFAULT_TEMPORAL,
    };
    this.colourer = this.newColourer();
  }

  static async open(
    path: string,
    models: { colorizer: Colorizer; segment: SegmentFunction | null },
    tools: FfmpegTools,
  ): Promise<VideoSession> {
    return new VideoSession(await probeVideo(path, tools), models, tools);
  }

  private get size(): number {
    return this.models.colorizer.spec.inputSize;
  }

  private newColourer(): FrameColourer {
    const { temporal, settings } = this.doc;
    return new FrameColourer(this.models.colorizer, this.models.segment, {
      temporal,
      temperature: settings.temperature,
      consistency: settings.consistency,
    });
  }

  /** The first frame of each shot; found by one pass over the clip (the memory and hints reset there). */
  get shots(): number[] {
    return [...this.shotStarts];
  }

  async scanShots(job: JobControl = {}): Promise<number[]> {
    const cuts = new CutDetector();
    const starts: number[] = [];
    let t = 0;
    for await (const f of workFrames(this.info, this.tools, this.size, { signal: job.signal })) {
      if (cuts.isCut(f.work.L, f.work.width, f.work.height)) starts.push(t);
      t++;
      if (t % 50 === 0) job.onProgress?.('decode', t / Math.max(1, this.info.frames));
    }
    this.shotStarts = starts.length ? starts : [0];
    return this.shots;
  }

  /** Shots known from before (a project reopened): no scan needed. */
  useShots(starts: number[]): void {
    const ok =
      starts.length > 0 &&
      starts[0] === 0 &&
      starts.every((s, i) => Number.isInteger(s) && (i === 0 || s > starts[i - 1]));
    if (!ok) throw new TinctError(this.info.path, 'invalid shot list');
    this.shotStarts = [...starts];
  }

  /** The frame on screen and its EditSession (null before the first frame): grey, sampling, levels. */
  get shown(): { index: number; session: EditSession } | null {
    return this.current;
  }

  /** Ends the decoder (its ffmpeg process) that waits for the next frame; the session is done. */
  async close(): Promise<void> {
    this.current = null;
    await this.dropReader();
  }

  private async dropReader(): Promise<void> {
    const ahead = this.ahead;
    this.ahead = null;
    // The reader is a generator: the read ahead must end before it is closed.
    await ahead?.next.catch(() => null);
    const reader = this.reader;
    this.reader = null;
    await reader?.return?.(undefined);
  }

  private async decodeNext(reader: AsyncIterator<WorkFrame>): Promise<Decoded | null> {
    const next = await reader.next();
    if (next.done) return null;
    const f = next.value;
    return { f, logits: await this.models.colorizer.logits(f.work.L, f.work.width, f.work.height) };
  }

  /** The current frame as it was last rendered (no new work). */
  render(): VideoFrame | null {
    return this.current && this.view(this.current.index, this.current.session);
  }

  shotOf(frame: number): number {
    let s = 0;
    while (s + 1 < this.shotStarts.length && this.shotStarts[s + 1] <= frame) s++;
    return s;
  }

  document(): VideoDocument {
    return structuredClone(this.doc);
  }

  /** A new document: settings, μ or hints; the current frame is rendered again. */
  async setDocument(doc: VideoDocument): Promise<VideoFrame | null> {
    const parsed = EditDocumentSchema.safeParse(doc);
    if (!parsed.success || typeof doc.temporal !== 'number' || doc.temporal < 0 || doc.temporal > 1)
      throw new TinctError(this.info.path, 'invalid video edit document');
    const before = this.doc;
    this.doc = { ...structuredClone(parsed.data), temporal: doc.temporal };
    if (JSON.stringify([before.settings, before.temporal]) !== JSON.stringify([this.doc.settings, this.doc.temporal])) {
      this.colourer = this.newColourer();
      this.last = -2; // the memory is another one now: the next frame starts it again
    }
    if (!this.current) return null;
    if (this.last === this.current.index) {
      // Same frame, new hints: only the hints change, the distributions stay.
      const s = this.current.session;
      s.setDocument({ ...s.document(), settings: this.doc.settings, ...this.hintsAt(this.current.index) });
      return this.view(this.current.index, s);
    }
    return this.frame(this.current.index);
  }

  /** The document with a region choice made on the current frame (one per region, as for photos). */
  withRegionChoice(choice: Omit<RegionChoice, 'frame'>): VideoDocument {
    if (!this.current) throw new TinctError(this.info.path, 'no frame is shown yet');
    const n = this.current.index;
    const mine = this.current.session
      .withRegionChoice({ ...choice })
      .regions.map((c) => ({ ...c, frame: c.frame ?? n }));
    // Choices of other frames stay; those of this frame are what the session's rule kept.
    return {
      ...this.document(),
      regions: [...this.doc.regions.filter((c) => c.frame !== n), ...mine.filter((c) => c.frame === n)],
    };
  }

  regionAt(
    x: number,
    y: number,
    level?: number,
  ): { region: RegionInfo | null; parentLevel: number; childLevel: number } {
    if (!this.current) return { region: null, parentLevel: level ?? 0, childLevel: level ?? 0 };
    const s = this.current.session;
    const lv = level ?? s.defaultLevel;
    return { region: s.regionAt(x, y, lv), parentLevel: s.parentLevel(lv, x, y), childLevel: s.childLevel(lv, x, y) };
  }

  /**
   * The hints of frame n: from the plan along the motion when it is up to date (`planHints`);
   * until then the hints of n's shot at the points where they were made.
   */
  private hintsAt(n: number): FrameHints {
    const key = JSON.stringify([this.doc.regions, this.doc.strokes]);
    if (this.plan?.key === key) return this.plan.at(n);
    const shot = this.shotOf(n);
    const here = <T extends { frame?: number }>(h: T) => h.frame === undefined || this.shotOf(h.frame) === shot;
    return { regions: this.doc.regions.filter(here), strokes: this.doc.strokes.filter(here) };
  }

  /** Brings the hints' plan up to date (a pass over the clip); the editor calls it after an edit. */
  async planHints(job: JobControl = {}): Promise<void> {
    const key = JSON.stringify([this.doc.regions, this.doc.strokes]);
    if (this.plan?.key === key) return;
    const at = await hintsByFrame(
      this.info,
      this.tools,
      this.size,
      { regions: this.doc.regions, strokes: this.doc.strokes },
      job,
    );
    if (JSON.stringify([this.doc.regions, this.doc.strokes]) === key) this.plan = { key, at };
  }

  /**
   * Frame n in colour at the preview size: the next one continues the memory, any other starts it.
   * `readAhead` (playback) starts the next frame's decode and network as soon as this one is done.
   */
  async frame(n: number, job: JobControl = {}, readAhead = false): Promise<VideoFrame> {
    if (!Number.isInteger(n) || n < 0 || n >= Math.max(1, this.info.frames))
      throw new TinctError(this.info.path, `has no frame ${n} (0..${this.info.frames - 1})`);
    if (n !== this.last + 1 || !this.reader) {
      await this.dropReader();
      this.reader = workFrames(this.info, this.tools, this.size, { startFrame: n, signal: job.signal })[
        Symbol.asyncIterator
      ]();
      this.colourer.reset();
    }
    const ahead = this.ahead?.n === n ? this.ahead.next : null;
    this.ahead = null;
    const got = await (ahead ?? this.decodeNext(this.reader!));
    if (!got) throw new TinctError(this.info.path, `has no frame ${n}: the file ends before it`);
    const { session } = await this.colourer.colour(got.f, got.logits, this.hintsAt(n));
    this.last = n;
    this.current = { index: n, session };
    // The network runs on its own threads: the next frame's starts now, while this one is shown
    // (an error of its own surfaces when that frame is asked for).
    if (readAhead && n + 1 < this.info.frames) {
      const next = this.decodeNext(this.reader!);
      next.catch(() => undefined);
      this.ahead = { n: n + 1, next };
    }
    return this.view(n, session);
  }

  private view(index: number, session: EditSession): VideoFrame {
    return { ...session.renderPreview(), index, shot: this.shotOf(index) };
  }

  /** Writes the film with the document's hints (all frames, or `range` [from, to] inclusive). */
  async export(
    target: string,
    out: VideoOutput,
    range: [number, number] | null,
    job: JobControl & { onFrame?: (done: number, total: number) => void } = {},
  ): Promise<{ frames: number; notes: string[] }> {
    const from = range?.[0] ?? 0;
    const to = Math.min(range?.[1] ?? this.info.frames - 1, this.info.frames - 1);
    const total = to - from + 1;
    const { temporal, settings, regions, strokes } = this.doc;
    const frames = colourFrames(
      this.info,
      this.tools,
      this.models,
      { temporal, ...settings, hints: { regions, strokes } },
      { startFrame: from, maxFrames: total, signal: job.signal, onFrame: (k) => job.onFrame?.(k, total) },
    );
    const record = { tinct: VERSION, model: this.models.colorizer.spec.name, temporal, ...settings };
    return writeVideo(target, this.info, out, frames, this.tools, record, job.signal);
  }
}
