/**
 * The engine side of the api: open photos as EditSessions and serve every method of protocol.ts.
 * Runs inside the engine worker (host.ts), so colourisation never blocks a window or the browser
 * shell's event loop; tests can also drive it directly.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Colorizer } from '../models/colorizer-model.js';
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
import { sessionModel } from './session-model.js';
import type { Method, Params, ProjectModel, Result, SessionInfo, Recoverable } from './protocol.js';

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
  autosave: string;
  timer: NodeJS.Timeout | null;
  notes: string[];
  /** Edits since the last project save: their autosave is kept when the photo is closed. */
  dirty: boolean;
}

export type Handler<M extends Method> = (params: Params<M>, job: JobControl) => Promise<Result<M>> | Result<M>;

export class Sessions {
  private readonly open = new Map<string, Open>();
  private readonly autosaveDir: string;
  private readonly uploadDir: string;
  /** Models loaded for the photos that asked for them, by path (the built-in one is opts.colorizer). */
  private readonly loaded = new Map<string, Promise<Colorizer>>();
  /** Films: their own sessions (video-sessions.ts); `call` routes requests naming one there. */
  private readonly videos: VideoSessions;

  constructor(private readonly opts: SessionsOptions) {
    this.autosaveDir = join(opts.stateDir, 'autosave');
    this.uploadDir = join(opts.stateDir, 'uploads');
    this.videos = new VideoSessions({
      colorizer: opts.colorizer,
      segment: opts.segment ?? null,
      autosaveDir: this.autosaveDir,
      autosaveDelay: opts.autosaveDelay,
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
      const colorizer = await this.colorizerFor(p.model);
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
      const colorizer = await this.colorizerFor(model);
      const info = await this.start(old.source, job, colorizer, old.project, basename(old.session.name), false);
      const s = this.get(info.session);
      const doc = old.session.document();
      // A temperature left at the old model's default becomes the new model's default.
      const T =
        doc.settings.temperature === old.colorizer.defaultTemperature
          ? colorizer.defaultTemperature
          : doc.settings.temperature;
      s.session.setDocument({ ...doc, settings: { ...doc.settings, temperature: T } });
      if (old.timer) clearTimeout(old.timer);
      this.open.delete(session);
      s.autosave = old.autosave;
      s.dirty = old.dirty;
      if (s.dirty) this.scheduleAutosave(info.session);
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
    // Closing keeps unsaved edits recoverable: their autosave is written now and stays until the
    // user recovers or discards it; a photo without unsaved edits leaves nothing behind.
    close: async ({ session }) => {
      const s = this.get(session);
      if (s.dirty) await this.autosaveNow(session);
      else if (s.timer) clearTimeout(s.timer);
      this.open.delete(session);
      if (!s.dirty) await rm(s.autosave, { force: true });
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
      s.dirty = true;
      this.scheduleAutosave(session);
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
      s.dirty = true;
      this.scheduleAutosave(session);
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
      s.dirty = false;
      if (s.timer) {
        clearTimeout(s.timer);
        s.timer = null;
      }
      await rm(s.autosave, { force: true });
      return { path };
    },
    openProject: async ({ path, model }, job) => {
      const project = await readProject(path);
      if (project.kind === 'video' || isVideoPath(project.source))
        return this.videos.start(project.source, job, { project: { ...project, path } });
      // The model it was made with, if it is still there; another one asked for wins.
      const notes: string[] = [];
      let colorizer: Colorizer;
      if (model) colorizer = await this.colorizerFor(model);
      else if (project.model && !this.isBuiltIn(project.model)) {
        colorizer = await this.colorizerFor(project.model.path).catch((err) => {
          notes.push(
            `made with model ${project.model!.name}, which cannot be used now (${String(err.message ?? err).slice(0, 160)}); using ${this.opts.colorizer.spec.name}`,
          );
          return this.opts.colorizer;
        });
      } else colorizer = this.opts.colorizer;
      const info = await this.start(project.source, job, colorizer, path);
      info.notes.push(...notes);
      const s = this.get(info.session);
      const { width, height } = project.document.source;
      if (width !== s.session.width || height !== s.session.height) {
        await this.handlers.close({ session: info.session }, {});
        throw new TinctError(
          path,
          `its photo ${project.source} is now ${s.session.width}×${s.session.height}, the project was made for ${width}×${height}`,
        );
      }
      s.session.setDocument(project.document);
      return { ...info, document: s.session.document() };
    },
    listRecoverable: async () => {
      const mine = new Set([...this.open.values()].map((s) => s.autosave).concat(this.videos.autosaves()));
      let names: string[];
      try {
        names = await readdir(this.autosaveDir);
      } catch {
        return [];
      }
      const out: Recoverable[] = [];
      for (const n of names.filter((n) => n.endsWith('.tinct'))) {
        const path = join(this.autosaveDir, n);
        if (mine.has(path)) continue;
        try {
          const project = await readProject(path);
          out.push({ path, source: project.source, savedAt: (await stat(path)).mtime.toISOString() });
        } catch {
          // An unreadable autosave is not worth offering; it stays for a person to look at.
        }
      }
      return out.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
    },
    // A photo's session has none of these: the film handlers answer that it is not open as a film.
    videoFrame: (p, job) => this.videos.call('videoFrame', p, job),
    videoShots: (p, job) => this.videos.call('videoShots', p, job),
    planHints: (p, job) => this.videos.call('planHints', p, job),
    exportVideo: (p, job) => this.videos.call('exportVideo', p, job),
    discardRecoverable: async ({ path }) => {
      // Only files in the autosave folder: this is not a general delete.
      if (join(this.autosaveDir, basename(path)) !== path || !path.endsWith('.tinct'))
        throw new TinctError(path, 'not an autosave file');
      await rm(path, { force: true });
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
    await Promise.all([
      ...[...this.open].filter(([, s]) => s.dirty).map(([id]) => this.autosaveNow(id)),
      this.videos.flush(),
    ]);
  }

  private get(id: string): Open {
    const s = this.open.get(id);
    if (!s) throw new TinctError('', 'that photo is no longer open (reopen it)');
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
    const autosave = join(this.autosaveDir, `${basename(source).replace(/[^\w.-]+/g, '_')}.${id.slice(0, 8)}.tinct`);
    this.open.set(id, { session, colorizer, source, project, autosave, timer: null, notes: [], dirty: false });
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

  private scheduleAutosave(id: string): void {
    const s = this.open.get(id);
    if (!s || s.timer) return;
    s.timer = setTimeout(() => {
      s.timer = null;
      this.autosaveNow(id).catch(() => undefined);
    }, this.opts.autosaveDelay ?? 2000);
  }

  private async autosaveNow(id: string): Promise<void> {
    const s = this.open.get(id);
    if (!s) return;
    if (s.timer) {
      clearTimeout(s.timer);
      s.timer = null;
    }
    await mkdir(this.autosaveDir, { recursive: true });
    await writeProject(s.autosave, s.source, s.session.document(), s.colorizer.record);
  }

  /** The built-in model, here or at another path (a project from another machine, or the app vs a checkout). */
  private isBuiltIn(m: ProjectModel): boolean {
    const b = this.opts.colorizer;
    return m.path === b.path || (m.name === b.spec.name && m.version === b.spec.version && m.kind === b.spec.kind);
  }

  /** The colorizer at `path` (one the library lists), loaded once; the built-in one when absent. */
  private async colorizerFor(path: string | undefined): Promise<Colorizer> {
    if (!path || path === this.opts.colorizer.path) return this.opts.colorizer;
    const want = path;
    let p = this.loaded.get(want);
    if (!p) {
      p = (async () => {
        const found = this.opts.library
          ? await this.opts.library.find(want)
          : { error: `${want}: only the built-in model can be used here` };
        if (found.error) throw new TinctError('', found.error);
        return Colorizer.load(want, this.opts.colorizer.device, { dataDirs: [dirname(this.opts.colorizer.path)] });
      })();
      this.loaded.set(want, p);
      p.catch(() => this.loaded.delete(want));
    }
    return p;
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
