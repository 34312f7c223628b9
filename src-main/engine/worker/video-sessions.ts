/**
 * The api's methods for films, beside sessions.ts (photos): a film opens as a VideoSession whose
 * current frame is an EditSession, so the photo methods (render, regionAt, chooseRegion,
 * setDocument, sampleColour, close, saveProject) work on that frame; the video methods (frame,
 * shots, hint plan, export) are here too. Sessions.call routes every request naming a film's
 * session to these handlers.
 */
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { Colorizer } from '../models/colorizer-model.js';
import type { SegmentFunction } from '../session/edit-session.js';
import type { JobControl } from '../session/stages.js';
import { TinctError } from '../errors.js';
import { DEFAULT_TEMPORAL } from '../video/colorize-video.js';
import { ffmpegTools, type FfmpegTools } from '../video/ffmpeg-tools.js';
import { VideoSession, type VideoDocument } from '../video/video-session.js';
import { checkVideoTarget } from '../video/video-writer.js';
import { writeProject } from './project.js';
import type { Autosaver } from './autosaver.js';
import { sessionModel } from './session-model.js';
import type { EditDocument, Method, Params, ProjectFile, Result, SessionInfo, VideoFrameImage } from './protocol.js';

export interface VideoSessionsOptions {
  colorizer: Colorizer;
  segment: SegmentFunction | null;
  /** The photos' autosaver (sessions.ts): one folder, one recovery list. */
  autosaver: Autosaver;
  tools?: FfmpegTools;
}

interface OpenFilm {
  video: VideoSession;
  source: string;
  project: string | null;
  shotsKnown: boolean;
  /**
   * Requests that use the film's decoder and current frame run one after another (a frame asked
   * while another is decoded would read the same pipe); the hint plan and the export read the
   * file on their own and run beside them.
   */
  queue: Promise<unknown>;
}

type Handler<M extends Method> = (params: Params<M>, job: JobControl) => Promise<Result<M>>;
type VideoHandlers = { [M in Method]?: Handler<M> };

export class VideoSessions {
  private readonly open = new Map<string, OpenFilm>();
  private tools: FfmpegTools | null;

  constructor(private readonly opts: VideoSessionsOptions) {
    this.tools = opts.tools ?? null;
  }

  has(id: string | undefined): boolean {
    return !!id && this.open.has(id);
  }

  call<M extends Method>(method: M, params: Params<M>, job: JobControl): Promise<Result<M>> {
    const handler = this.handlers[method] as Handler<M> | undefined;
    if (!handler) return Promise.reject(new TinctError('', `"${method}" does not apply to a film`));
    return handler(params, job);
  }

  /** Opens a film and colours its first frame (the UI then asks for its shots with `videoShots`). */
  async start(
    source: string,
    job: JobControl,
    o: { project?: ProjectFile & { path: string }; display?: string; uploaded?: boolean } = {},
  ): Promise<SessionInfo> {
    const t0 = performance.now();
    this.tools ??= ffmpegTools();
    const video = await VideoSession.open(source, this.opts, this.tools);
    const times: Record<string, number> = { probe: performance.now() - t0 };
    const { project } = o;
    if (project?.shots) video.useShots(project.shots);
    if (project) {
      const { width, height } = project.document.source;
      if (width !== video.info.width || height !== video.info.height)
        throw new TinctError(
          project.path,
          `its film ${source} is now ${video.info.width}×${video.info.height}, ` +
            `the project was made for ${width}×${height}`,
        );
      await video.setDocument({ ...project.document, temporal: project.document.temporal ?? DEFAULT_TEMPORAL });
    }
    const t1 = performance.now();
    const first = await video.frame(0, job);
    times.frame = performance.now() - t1;
    const id = randomUUID();
    const film: OpenFilm = {
      video,
      source,
      project: project?.path ?? null,
      shotsKnown: !!project?.shots,
      queue: Promise.resolve(),
    };
    this.open.set(id, film);
    this.opts.autosaver.track(id, source, (path) => this.writeFilmProject(path, film));
    const { info } = video;
    const shown = video.shown!.session;
    return {
      session: id,
      name: o.display ?? basename(source),
      path: source,
      uploaded: !!o.uploaded,
      width: info.width,
      height: info.height,
      previewWidth: first.width,
      previewHeight: first.height,
      document: video.document(),
      regions: !!this.opts.segment,
      model: sessionModel(this.opts.colorizer),
      regionsPending: false,
      defaultLevel: shown.defaultLevel,
      notes: [],
      project: film.project,
      times,
      video: {
        frames: info.frames,
        fps: info.fps,
        duration: info.duration,
        shots: video.shots,
        shotsKnown: film.shotsKnown,
        audio: info.audio,
      },
    };
  }

  private get(id: string): OpenFilm {
    const f = this.open.get(id);
    if (!f) throw new TinctError('', 'that film is no longer open (reopen it)', { code: 'not-found' });
    return f;
  }

  /** Runs fn after the film's earlier decoder requests. */
  private queued<T>(f: OpenFilm, fn: () => Promise<T> | T): Promise<T> {
    const run = f.queue.then(fn, fn);
    f.queue = run.catch(() => undefined);
    return run;
  }

  private writeFilmProject(path: string, f: OpenFilm): Promise<void> {
    return writeProject(path, f.source, f.video.document(), this.opts.colorizer.record, { shots: f.video.shots });
  }

  private frameOrFail(f: OpenFilm, img: VideoFrameImage | null): VideoFrameImage {
    if (!img) throw new TinctError(f.source, 'no frame is shown yet');
    return img;
  }

  readonly handlers: VideoHandlers = {
    videoFrame: ({ session, frame, playing }, job) => {
      const f = this.get(session);
      return this.queued(f, () => f.video.frame(frame, job, !!playing));
    },
    videoShots: async ({ session }, job) => {
      const f = this.get(session);
      const shots = await f.video.scanShots(job);
      f.shotsKnown = true;
      return shots;
    },
    planHints: async ({ session }, job) => {
      await this.get(session).video.planHints(job);
      return null;
    },
    exportVideo: async ({ session, path, kind, crf, from, to }, job) => {
      const f = this.get(session);
      const out = kind === 'ffv1' ? ({ kind } as const) : ({ kind, crf: crf ?? 18 } as const);
      checkVideoTarget(path, out);
      const last = f.video.info.frames - 1;
      const a = from ?? 0,
        b = to ?? last;
      if (a > b || a > last) throw new TinctError(path, `the frame range ${a}..${b} is outside the film (0..${last})`);
      const r = await f.video.export(path, out, [a, b], {
        ...job,
        // The UI turns the fraction into frames/s and the time left (it knows the range).
        onFrame: (done, total) => job.onProgress?.('frames', done / total),
      });
      return { path, ...r };
    },
    render: ({ session, which }) => {
      const f = this.get(session);
      return this.queued(f, () => {
        const s = f.video.shown;
        if (!s) throw new TinctError(f.source, 'no frame is shown yet');
        return which === 'grey' ? s.session.greyPreview() : this.frameOrFail(f, f.video.render());
      });
    },
    regionAt: ({ session, x, y, level }) => {
      const f = this.get(session);
      return this.queued(f, () => f.video.regionAt(x, y, level));
    },
    sampleColour: ({ session, x, y }) => {
      const f = this.get(session);
      return this.queued(f, () => {
        const s = f.video.shown;
        if (!s) throw new TinctError(f.source, 'no frame is shown yet');
        return s.session.sampleColour(x, y);
      });
    },
    setDocument: ({ session, document }) => {
      const f = this.get(session);
      return this.queued(f, async () => {
        const img = await f.video.setDocument(asVideoDocument(document));
        this.opts.autosaver.edited(session);
        return this.frameOrFail(f, img);
      });
    },
    chooseRegion: ({ session, point, level, swatch, ab }) => {
      const f = this.get(session);
      return this.queued(f, async () => {
        const doc = f.video.withRegionChoice({
          point,
          level,
          ...(swatch !== undefined ? { swatch } : {}),
          ...(ab ? { ab } : {}),
        });
        const img = this.frameOrFail(f, await f.video.setDocument(doc));
        this.opts.autosaver.edited(session);
        return { ...img, document: f.video.document() as EditDocument };
      });
    },
    saveProject: async ({ session, path }) => {
      const f = this.get(session);
      await this.writeFilmProject(path, f);
      f.project = path;
      await this.opts.autosaver.saved(session);
      return { path };
    },
    close: async ({ session }) => {
      const f = this.get(session);
      // Unsaved edits stay recoverable (autosaver.ts).
      await this.opts.autosaver.close(session);
      this.open.delete(session);
      // After the requests already queued: the decoder they use ends with the session.
      await this.queued(f, () => f.video.close());
      return null;
    },
    export: async ({ path }) => {
      throw new TinctError(path, 'a film is exported with exportVideo (MP4 or lossless MKV)');
    },
    renderTile: async ({ session }) => {
      throw new TinctError(this.get(session).source, 'a film is shown at the preview size (no full-resolution tiles)');
    },
    regions: async ({ session }) => {
      const f = this.get(session);
      return this.queued(f, () => ({
        ...this.frameOrFail(f, f.video.render()),
        defaultLevel: f.video.shown!.session.defaultLevel,
      }));
    },
  };
}

function asVideoDocument(doc: EditDocument): VideoDocument {
  return { ...doc, temporal: doc.temporal ?? DEFAULT_TEMPORAL };
}
