/**
 * A video in colour, frame by frame with memory: decode (ffmpeg, a pipe) → L → the network at the
 * working size → the temporal memory along the flow (temporal-memory.ts; reset at shot cuts) →
 * the photo pipeline on each frame (regions tracked from the shot's key frame, pooling, hints,
 * edge-aware upsampling) → the frame in Lab at full size. A generator: the caller (the writer,
 * the evaluation) pulls one frame at a time, so memory stays flat for a clip of any length.
 */
import type { Colorizer, Logits } from '../models/colorizer-model.js';
import { EditSession, type RegionHierarchy, type SegmentFunction } from '../session/edit-session.js';
import { PREVIEW_SIZE, reduceLightness } from '../session/stages.js';
import { resizeArea } from '../upsample/resample.js';
import type { LabImage } from '../image/write-image.js';
import { checkpoint } from '../errors.js';
import type { FfmpegTools } from './ffmpeg-tools.js';
import type { VideoInfo } from './probe.js';
import { frameSource } from './frame-reader.js';
import { CutDetector } from './shot-cuts.js';
import { TemporalMemory, type GridFlow } from './temporal-memory.js';
import { KEYFRAME_EVERY, RegionTrack } from './region-track.js';
import { motionBetween, workFrame, type WorkFrame } from './work-frame.js';
import { planHints, type FrameHints, type Hints } from './hint-tracks.js';
import type { Flow } from './optical-flow.js';

/** μ of `--temporal`: chosen on the colour clips by `npm run eval:video` (see the closing note / README). */
export const DEFAULT_TEMPORAL = 0.97;

export interface VideoSettings {
  /** μ in [0, 1]: how strongly a frame remembers the ones before; 0 is frame by frame. */
  temporal?: number;
  temperature?: number;
  consistency?: number;
  workingSize?: number;
  hints?: Hints;
}

export interface VideoJob {
  signal?: AbortSignal;
  maxFrames?: number;
  /** Start at this frame (a range export). */
  startFrame?: number;
  /** Called when a frame is done (frames done so far). */
  onFrame?: (done: number) => void;
  /** Milliseconds spent per stage, summed over the frames. */
  times?: Record<string, number>;
}

export interface ColouredFrame extends LabImage {
  index: number;
  /** This frame starts a shot. */
  cut: boolean;
}

/** Mean flow (grid cells) and the trusted share over each network-output cell. */
function gridFlow(back: Flow, trusted: Uint8Array, w: number, h: number): GridFlow {
  const W = back.width,
    H = back.height;
  const u = new Float32Array(w * h),
    v = new Float32Array(w * h),
    trust = new Float32Array(w * h),
    count = new Float32Array(w * h);
  const sx = W / w,
    sy = H / h;
  for (let y = 0; y < H; y++) {
    const gy = Math.min(h - 1, Math.floor(y / sy));
    for (let x = 0; x < W; x++) {
      const g = gy * w + Math.min(w - 1, Math.floor(x / sx)),
        i = y * W + x;
      u[g] += back.u[i] / sx;
      v[g] += back.v[i] / sy;
      trust[g] += trusted[i];
      count[g]++;
    }
  }
  for (let g = 0; g < w * h; g++) {
    const c = Math.max(1, count[g]);
    u[g] /= c;
    v[g] /= c;
    trust[g] /= c;
  }
  return { u, v, trust };
}

export async function* workFrames(
  info: VideoInfo,
  tools: FfmpegTools,
  size: number,
  job: VideoJob,
): AsyncGenerator<WorkFrame> {
  let i = job.startFrame ?? 0;
  for await (const rgb of frameSource(info, tools, {
    signal: job.signal,
    maxFrames: job.maxFrames,
    startFrame: job.startFrame,
  }))
    yield workFrame(`${info.path} frame ${i++}`, rgb, info.width, info.height, size);
}

function timeInto(times: Record<string, number> | undefined, stage: string, t0: number): void {
  if (times) times[stage] = (times[stage] ?? 0) + performance.now() - t0;
}

/**
 * The state that carries from frame to frame — the memory, the tracked regions, the last frame —
 * and the steps that turn one decoded frame (with its network output) into an EditSession: the
 * export's generator below and the editor's VideoSession colour frames through the same code.
 */
export class FrameColourer {
  private cuts = new CutDetector();
  private memory: TemporalMemory | null = null;
  private track: RegionTrack | null = null;
  /** The key frame's agreeing split of its pooling regions (moved along with the regions). */
  private split: { labels: Int32Array; count: number } | null = null;
  private prev: WorkFrame | null = null;
  private readonly mu: number;

  constructor(
    private readonly model: Colorizer,
    private readonly segment: SegmentFunction | null,
    private readonly settings: VideoSettings,
    private readonly times?: Record<string, number>,
  ) {
    this.mu = settings.temporal ?? DEFAULT_TEMPORAL;
  }

  /** Forget the past: the next frame starts a shot (a seek in the editor). */
  reset(): void {
    this.prev = null;
  }

  /** Frame f, the one after the last (or the first after a reset), with the hints it holds. */
  async colour(f: WorkFrame, logits: Logits, hints: FrameHints): Promise<{ session: EditSession; cut: boolean }> {
    const { model, times } = this;
    let t0 = performance.now();
    const cut = this.cuts.isCut(f.work.L, f.work.width, f.work.height) || !this.prev;
    const motion = !cut && this.prev && (this.mu > 0 || this.segment) ? motionBetween(this.prev, f) : null;
    timeInto(times, 'flow', t0);
    const guide = resizeArea(f.work.L, f.work.width, f.work.height, logits.width, logits.height);

    t0 = performance.now();
    this.memory ??= new TemporalMemory(logits.Q, logits.width, logits.height, this.mu);
    if (cut) this.memory.reset();
    const flow = motion ? gridFlow(motion.back, motion.trusted, logits.width, logits.height) : null;
    const logp = this.memory.update(logits, flow);
    timeInto(times, 'memory', t0);

    t0 = performance.now();
    let hierarchy: RegionHierarchy | null = null;
    let key = false;
    if (this.segment) {
      key = cut || !this.track || this.track.age >= KEYFRAME_EVERY || !motion;
      if (key) this.track = new RegionTrack(await this.segment(reduceLightness(f.img, PREVIEW_SIZE)));
      else this.track!.advance(motion!.back);
      hierarchy = this.track!.hierarchy();
    }
    timeInto(times, 'segment', t0);

    // The split of the pooling regions where their pixels disagree is the key frame's, moved along:
    // found again on every frame it would flip from frame to frame (and cost 30 ms a frame).
    const split =
      !key && this.split && this.track ? { ...this.split, labels: this.track.warp(this.split.labels) } : undefined;
    const session = EditSession.forFrame(f.img, model, { logits, guide }, logp, hierarchy, split);
    if (key) this.split = session.poolingSplit();
    const doc = session.document();
    session.setDocument({
      ...doc,
      settings: {
        temperature: this.settings.temperature ?? doc.settings.temperature,
        consistency: this.settings.consistency ?? doc.settings.consistency,
      },
      regions: hints.regions,
      strokes: hints.strokes,
    });
    timeInto(times, 'pooling', t0);
    this.prev = f;
    return { session, cut };
  }
}

/** The hints of every frame: planned along the motion when any was made on a frame. */
export async function hintsByFrame(
  info: VideoInfo,
  tools: FfmpegTools,
  size: number,
  hints: Hints,
  job: VideoJob = {},
): Promise<(t: number) => FrameHints> {
  const framed = [...(hints.regions ?? []), ...(hints.strokes ?? [])].some((h) => h.frame !== undefined);
  if (!framed) {
    const all = { regions: hints.regions ?? [], strokes: hints.strokes ?? [] };
    return () => all;
  }
  // Over the whole clip (a range export still needs its shots' motion from their first frame).
  const plan = await planHints(workFrames(info, tools, size, { signal: job.signal }), hints, info.width, info.height);
  return (t) => plan.at(t);
}

export async function* colourFrames(
  info: VideoInfo,
  tools: FfmpegTools,
  models: { colorizer: Colorizer; segment: SegmentFunction | null },
  settings: VideoSettings,
  job: VideoJob = {},
): AsyncGenerator<ColouredFrame> {
  const model = models.colorizer;
  const size = settings.workingSize ?? model.spec.inputSize;
  // Hints made on a frame need the shots and the motion before the first frame is coloured.
  const hintsAt = await hintsByFrame(info, tools, size, settings.hints ?? {}, job);
  const colourer = new FrameColourer(model, models.segment, settings, job.times);
  const { times } = job;
  let index = job.startFrame ?? 0,
    done = 0;
  const source = workFrames(info, tools, size, job)[Symbol.asyncIterator]();
  const network = (f: WorkFrame) => model.logits(f.work.L, f.work.width, f.work.height);
  let next = await source.next();
  let pending = next.done ? null : network(next.value);
  while (!next.done) {
    const f = next.value;
    let t0 = performance.now();
    const logits = await pending!;
    timeInto(times, 'network', t0);
    // The network runs on its own threads: start the next frame's while this one is finished here.
    next = await source.next();
    pending = next.done ? null : network(next.value);
    const { session, cut } = await colourer.colour(f, logits, hintsAt(index));
    t0 = performance.now();
    const lab = await session.fullResolution();
    timeInto(times, 'colour', t0);
    yield { ...lab, index, cut };
    index++;
    // Frames done, not the frame's index: a range export starts past 0.
    job.onFrame?.(++done);
    await checkpoint(job.signal);
  }
}
