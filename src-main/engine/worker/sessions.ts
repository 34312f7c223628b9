/**
 * The engine side of the api: open photos as EditSessions and serve every method of protocol.ts.
 * Runs inside the engine worker (host.ts), so colourisation never blocks a window or the browser
 * shell's event loop; tests can also drive it directly.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Colorizer } from '../models/colorizer-model.js';
import type { ModelLibrary } from '../models/model-library.js';
import type { JobControl } from '../session/stages.js';
import { EditSession, type SegmentFunction } from '../session/edit-session.js';
import { TinctError } from '../errors.js';
import { EXPORT_FORMAT_RULES } from '../image/export-formats.js';
import type { ImageSource } from '../image/read-image.js';
import { PACKAGE_ROOT, VERSION } from '../version.js';
import { isVideoPath } from '../video/probe.js';
import { readProject, writeProject } from './project.js';
import { VideoSessions } from './video-sessions.js';
import { Autosaver } from './autosaver.js';
import { Colorizers } from './colorizers.js';
import { sessionModel } from './session-model.js';
import type { Method, Params, Result, SessionInfo } from './protocol.js';

export interface SessionsOptions {
  /** The built-in colorizer: what a photo opens with unless another model is asked for. */
  colorizer: Colorizer;
  /** The models a UI may choose from (built-in and the user's folder); without it, only `colorizer`. */
  library?: ModelLibrary;
  segment?: SegmentFunction | null;
  /** Where autosaves and copies of uploaded photos live (recovery after a crash). */
  stateDir: string;
  /** Autosave this long after the last edit (ms). */
  autosaveDelay?: number;
  pixelLimit?: number;
  samplesDir?: string;
}

interface Open {
  session: EditSession;
  colorizer: Colorizer;
  /** The photo on disk (an upload is copied into the state folder so projects can find it). */
  source: string;
  project: string | null;
}

export type Handler<M extends Method> = (params: Params<M>, job: JobControl) => Promise<Result<M>> | Result<M>;

export class Sessions {
  private readonly open = new Map<string, Open>();
  /** Photos' and films' autosaves alike, in one folder. */
  private readonly autosaver: Autosaver;
  private readonly uploadDir: string;
  private readonly colorizers: Colorizers;
  /** Films: their own sessions (video-sessions.ts); `call` routes requests naming one there. */
  private readonly videos: VideoSessions;

  constructor(private readonly opts: SessionsOptions) {
    this.colorizers = new Colorizers(opts.colorizer, opts.library);
    this.autosaver = new Autosaver(join(opts.stateDir, 'autosave'), opts.autosaveDelay);
    this.uploadDir = join(opts.stateDir, 'uploads');
    this.videos = new VideoSessions({
      colorizer: opts.colorizer,
      segment: opts.segment ?? null,
      autosaver: this.autosaver,
    });
  }

  /** Every method, by name. */
  readonly handlers: { [M in Method]: Handler<M> } = {
    info: async () => ({
      version: VERSION,
      model: this.opts.colorizer.spec.name,
      segmenter: !!this.opts.segment,
      samples: await listSamples(this.opts.samplesDir ?? join(PACKAGE_ROOT, 'resources', 'samples')),
      exportFormats: EXPORT_FORMAT_RULES,
    }),
    models: async () => ({
      userDir: this.opts.library?.userDir ?? null,
      builtIn: this.opts.colorizer.path,
      models: this.opts.library ? await this.opts.library.list() : [],
    }),
    open: async (p, job) => {
      const colorizer = await this.colorizers.at(p.model);
      const source = 'path' in p ? p.path : await this.keepUpload(p.name, p.bytes);
      if (isVideoPath(source))
        return this.videos.start(source, job, {
          display: 'path' in p ? undefined : basename(p.name),
          uploaded: !('path' in p),
        });
      // The photo comes back in colour first; the UI then asks for its regions (`regions`).
      // An upload is decoded from its bytes under its own name, so a message names the user's file, not our copy.
      const input =
        'path' in p
          ? undefined
          : { name: basename(p.name), data: Buffer.from(p.bytes.buffer, p.bytes.byteOffset, p.bytes.byteLength) };
      return this.start(source, job, colorizer, null, input?.name, false, input);
    },
    // The model menu on an open photo: the same photo coloured by another model, keeping its
    // edits, its project and its autosave (one photo, one recoverable file).
    reopen: async ({ session, model }, job) => {
      const old = this.get(session);
      const colorizer = await this.colorizers.at(model);
      const info = await this.start(old.source, job, colorizer, old.project, basename(old.session.name), false);
      const s = this.get(info.session);
      const doc = old.session.document();
      // A temperature left at the old model's default becomes the new model's default.
      const T =
        doc.settings.temperature === old.colorizer.defaultTemperature
          ? colorizer.defaultTemperature
          : doc.settings.temperature;
      s.session.setDocument({ ...doc, settings: { ...doc.settings, temperature: T } });
      this.open.delete(session);
      this.autosaver.handOver(session, info.session);
      return { ...info, document: s.session.document() };
    },
    regions: async ({ session }, job) => {
      const s = this.get(session).session;
      if (this.opts.segment && !s.hasRegions) await s.attachRegions(this.opts.segment, job);
      // The photo may have been closed while its regions were found.
      this.get(session);
      // The brush's edges, once this answer is on its way: the first stroke need not wait for them.
      setImmediate(() => {
        if (this.open.has(session)) s.prepareStrokes();
      });
      return { ...s.renderPreview(), defaultLevel: s.defaultLevel };
    },
    // Closing keeps unsaved edits recoverable (autosaver.ts).
    close: async ({ session }) => {
      this.get(session);
      await this.autosaver.close(session);
      this.open.delete(session);
      return null;
    },
    render: ({ session, which }) => {
      const s = this.get(session).session;
      return which === 'grey' ? s.greyPreview() : s.renderPreview();
    },
    renderTile: ({ session, which, x, y, width, height }) =>
      this.get(session).session.renderTile({ x, y, width, height }, which),
    setDocument: ({ session, document }) => {
      const s = this.get(session);
      s.session.setDocument(document);
      this.autosaver.edited(session);
      return s.session.renderPreview();
    },
    chooseRegion: ({ session, point, level, swatch, ab }) => {
      const s = this.get(session);
      s.session.setDocument(
        s.session.withRegionChoice({
          point,
          level,
          ...(swatch !== undefined ? { swatch } : {}),
          ...(ab ? { ab } : {}),
        }),
      );
      this.autosaver.edited(session);
      return { ...s.session.renderPreview(), document: s.session.document() };
    },
    regionAt: ({ session, x, y, level }) => {
      const s = this.get(session).session;
      const lv = level ?? s.defaultLevel;
      return { region: s.regionAt(x, y, lv), parentLevel: s.parentLevel(lv, x, y), childLevel: s.childLevel(lv, x, y) };
    },
    sampleColour: ({ session, x, y }) => this.get(session).session.sampleColour(x, y),
    export: async ({ session, path, format, bits }, job) => {
      await this.get(session).session.export(path, { format, bits }, job);
      return { path };
    },
    saveProject: async ({ session, path }) => {
      const s = this.get(session);
      await writeProject(path, s.source, s.session.document(), s.colorizer.record);
      s.project = path;
      await this.autosaver.saved(session);
      return { path };
    },
    openProject: async ({ path, model }, job) => {
      const project = await readProject(path);
      if (project.kind === 'video' || isVideoPath(project.source))
        return this.videos.start(project.source, job, { project: { ...project, path } });
      const notes: string[] = [];
      const colorizer = await this.colorizers.forProject(project.model, model, notes);
      const info = await this.start(project.source, job, colorizer, path);
      info.notes.push(...notes);
      const s = this.get(info.session);
      const { width, height } = project.document.source;
      if (width !== s.session.width || height !== s.session.height) {
        await this.handlers.close({ session: info.session }, {});
        throw new TinctError(
          path,
          `its photo ${project.source} is now ${s.session.width}×${s.session.height}, ` +
            `the project was made for ${width}×${height}`,
        );
      }
      s.session.setDocument(project.document);
      return { ...info, document: s.session.document() };
    },
    listRecoverable: () => this.autosaver.recoverable(),
    // A photo's session has none of these: the film handlers answer that it is not open as a film.
    videoFrame: (p, job) => this.videos.call('videoFrame', p, job),
    videoShots: (p, job) => this.videos.call('videoShots', p, job),
    planHints: (p, job) => this.videos.call('planHints', p, job),
    exportVideo: (p, job) => this.videos.call('exportVideo', p, job),
    discardRecoverable: async ({ path }) => {
      await this.autosaver.discard(path);
      return null;
    },
  };

  call<M extends Method>(method: M, params: Params<M>, job: JobControl = {}): Promise<Result<M>> {
    const handler = this.handlers[method] as Handler<M> | undefined;
    if (!handler) return Promise.reject(new TinctError('', `unknown request "${String(method)}"`));
    const session = (params as { session?: unknown } | null)?.session;
    if (typeof session === 'string' && this.videos.has(session))
      return Promise.resolve().then(() => this.videos.call(method, params, job));
    return Promise.resolve().then(() => handler(params, job));
  }

  /** Writes every pending autosave now (on shutdown). */
  async flush(): Promise<void> {
    await this.autosaver.flush();
  }

  private get(id: string): Open {
    const s = this.open.get(id);
    if (!s) throw new TinctError('', 'that photo is no longer open (reopen it)', { code: 'not-found' });
    return s;
  }

  /** Opens a photo; with `withRegions` false its regions are left for a later `regions` call. */
  private async start(
    source: string,
    job: JobControl,
    colorizer: Colorizer,
    project: string | null = null,
    display?: string,
    withRegions = true,
    input: ImageSource = source,
  ): Promise<SessionInfo> {
    const times: Record<string, number> = {};
    const t0 = performance.now();
    const segment = withRegions ? (this.opts.segment ?? null) : null;
    const session = await EditSession.open(
      input,
      { colorizer, segment },
      { ...job, times, pixelLimit: this.opts.pixelLimit },
    );
    // What the engine does not time itself (segmentation, the first distributions) is the rest.
    times.rest = performance.now() - t0 - Object.values(times).reduce((a, b) => a + b, 0);
    const id = randomUUID();
    this.open.set(id, { session, colorizer, source, project });
    this.autosaver.track(id, source, (path) => writeProject(path, source, session.document(), colorizer.record));
    return {
      session: id,
      name: display ?? basename(session.name),
      path: source,
      width: session.width,
      height: session.height,
      previewWidth: session.previewWidth,
      previewHeight: session.previewHeight,
      document: session.document(),
      uploaded: source.startsWith(this.uploadDir),
      regions: session.hasRegions,
      regionsPending: !!this.opts.segment && !session.hasRegions,
      defaultLevel: session.defaultLevel,
      notes: [...session.notes],
      project,
      model: sessionModel(colorizer),
      times,
    };
  }

  /** An uploaded photo is kept on disk so a project or a recovery can reopen it later. */
  private async keepUpload(name: string, bytes: Uint8Array): Promise<string> {
    if (bytes.length === 0) throw new TinctError(name, 'empty file (0 bytes)');
    await mkdir(this.uploadDir, { recursive: true });
    const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
    const path = join(this.uploadDir, `${hash}-${basename(name).replace(/[^\w.-]+/g, '_')}`);
    await writeFile(path, bytes);
    return path;
  }
}

async function listSamples(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir))
      .filter((n) => /\.(png|jpe?g|tiff?)$/i.test(n))
      .sort()
      .map((n) => join(dir, n));
  } catch {
    return [];
  }
}
