/**
 * The editor's state: the open photo, its edit document with undo/redo, the previews, the
 * selection, and every job in flight. Components read it and call its methods; it talks only to
 * window.tinct (a TinctBridge), through lib/api.ts (errors with their code).
 */
import type {
  EditDocument,
  ExportFormat,
  ExportFormatRule,
  MenuCommand,
  ModelInfo,
  OpenSource,
  PreviewImage,
  Progress,
  Recoverable,
  RegionInfo,
  SessionInfo,
  Stroke,
  TinctBridge,
  VideoFrameImage,
} from '../../src-main/api/protocol.js';
import { apiOver, isCancelled, type Api } from './api.js';
import { History } from './history.js';
import { VideoControl } from './video.svelte.js';

export type Tool = 'select' | 'brush' | 'erase' | 'sample';

export interface Job {
  id: string;
  title: string;
  stage: string;
  cancellable: boolean;
  /** Share done, where the job knows it (a film's export): a bar that fills instead of one that slides. */
  fraction?: number;
}

export interface Tile {
  colour: HTMLCanvasElement;
  /** Only fetched while the before/after split shows the grey photo. */
  grey: HTMLCanvasElement | null;
  x: number;
  y: number;
  width: number;
  height: number;
  /** The previewVersion it was rendered for: an edit makes it stale. */
  version: number;
}

const STAGES: Record<string, string> = {
  decode: 'Reading the photo',
  network: 'Colourising',
  distributions: 'Colourising',
  upsample: 'Full resolution',
  encode: 'Writing the file',
};

export function toCanvas(img: PreviewImage): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = img.width;
  c.height = img.height;
  c.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(img.rgba), img.width, img.height), 0, 0);
  return c;
}

export class Editor {
  info = $state<SessionInfo | null>(null);
  doc = $state<EditDocument | null>(null);
  colour = $state<HTMLCanvasElement | null>(null);
  grey = $state<HTMLCanvasElement | null>(null);
  /** Increments with every new colour preview (tests and the status bar read it). */
  previewVersion = $state(0);
  lastLatency = $state<number | null>(null);
  /** True while a document change is on its way to the engine (tests wait for it to settle). */
  updating = $state(false);
  job = $state<Job | null>(null);
  /**
   * The visible part of the photo at full resolution, shown over the preview when the view is
   * zoomed in past the preview's resolution (so it stays crisp); valid for one preview version.
   */
  tile = $state<Tile | null>(null);
  /** True while the open photo's regions are being found (it is already shown in colour). */
  findingRegions = $state(false);
  error = $state<string | null>(null);
  notice = $state<string | null>(null);
  canUndo = $state(false);
  canRedo = $state(false);
  tool = $state<Tool>('select');
  brushRadius = $state(24);
  brushAb = $state<[number, number]>([20, 40]);
  hover = $state<RegionInfo | null>(null);
  selected = $state<RegionInfo | null>(null);
  selectedPoint = $state<[number, number] | null>(null);
  level = $state(0);
  /** Grow (+) / shrink (−) steps of the current selection from the level a click selects. */
  levelSteps = $state(0);
  showBefore = $state(false);
  split = $state(0);
  helpOpen = $state(false);
  exportOpen = $state(false);
  samples = $state<string[]>([]);
  /** What a photo can be exported to, and the rules (from the engine's `info`). */
  exportFormats = $state<ExportFormatRule[]>([]);
  recoverable = $state<Recoverable[]>([]);
  /** Edits since the photo was opened or its project saved (autosave keeps them; the user may not know). */
  unsaved = $state(false);
  /** The last custom colours used (ab), newest first, kept across sessions in the browser's storage. */
  recentColours = $state<[number, number][]>(loadRecentColours());
  /** An autosave of the photo just opened, from an earlier session: offered, not forced. */
  autosaveOffer = $state<Recoverable | null>(null);
  /** Asks before unsaved edits are left behind; a dialog of the page (window.confirm) by default. */
  confirmLeave: (message: string) => boolean = (m) => window.confirm(m);
  recent = $state<string[]>([]);
  model = $state('');
  /** The colorizers the model menu offers (built-in first), and the built-in one's path. */
  models = $state<ModelInfo[]>([]);
  builtInModel = $state('');
  /** The model new photos open with (its path; null: the built-in one), remembered across sessions. */
  chosenModel = $state<string | null>(loadChosenModel());
  /** Set while a film is open: the frame shown, playback, shots (video.svelte.ts). */
  video = $state<VideoControl | null>(null);

  private history = new History<EditDocument | null>(null);
  private regionsJob: string | null = null;
  private tileSeq = 0;
  private inflight = false;
  private queued: EditDocument | null = null;
  private listeners: ((cmd: MenuCommand, arg?: string) => void)[] = [];

  readonly api: Api;

  constructor(bridge: TinctBridge) {
    this.api = apiOver(bridge);
    this.api.onMenu((cmd, arg) => this.listeners.forEach((l) => l(cmd, arg)));
  }

  onMenu(l: (cmd: MenuCommand, arg?: string) => void): void {
    this.listeners.push(l);
  }

  async init(): Promise<void> {
    await this.guard(async () => {
      const info = await this.api.call('info', {});
      this.samples = info.samples;
      this.exportFormats = [...info.exportFormats];
      this.model = info.model;
      await this.loadModels();
      this.recoverable = await this.api.call('listRecoverable', {});
      this.recent = await this.api.recent();
    });
  }

  /** Runs fn; a failure becomes a readable message instead of a blank window. */
  async guard<T>(fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (err) {
      if (!isCancelled(err)) this.error = err instanceof Error ? err.message : String(err);
      return undefined;
    }
  }

  private async run<T>(
    title: string,
    cancellable: boolean,
    fn: (jobId: string, onProgress: (p: Progress) => void) => Promise<T>,
  ): Promise<T | undefined> {
    const id = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
    this.job = { id, title, stage: '', cancellable };
    try {
      return await this.guard(() =>
        fn(id, (p) => {
          if (this.job?.id === id) this.job.stage = STAGES[p.stage] ?? p.stage;
        }),
      );
    } finally {
      if (this.job?.id === id) this.job = null;
    }
  }

  cancelJob(): void {
    if (this.job?.cancellable) this.api.cancel(this.job.id);
  }

  /** True when nothing unsaved is left behind, or the user agrees to leave it (recoverable later). */
  private mayLeave(): boolean {
    if (!this.unsaved || !this.info) return true;
    return this.confirmLeave(
      `Your edits of ${this.info.name} are not saved in a project. Open another photo anyway? ` +
        `(They stay recoverable from the start screen.)`,
    );
  }

  async open(source: OpenSource | File): Promise<void> {
    if (!this.mayLeave()) return;
    this.error = null;
    const info = await this.run('Opening', true, async (jobId, onProgress) => {
      const src = source instanceof File ? await this.api.fileSource(source) : source;
      return this.api.call('open', this.chosenModel ? { ...src, model: this.chosenModel } : src, { jobId, onProgress });
    });
    if (info) await this.show(info);
  }

  /** The model menu's list; a remembered model that is gone or unusable falls back to the built-in one. */
  async loadModels(): Promise<void> {
    const list = await this.api.call('models', {});
    this.models = list.models;
    this.builtInModel = list.builtIn;
    if (this.chosenModel && !list.models.some((m) => m.path === this.chosenModel && !m.error)) this.chosenModel = null;
  }

  /** The model menu: remembered for new photos, and the open photo is coloured again with it (edits kept). */
  async chooseModel(path: string): Promise<void> {
    const model = path && path !== this.builtInModel ? path : null;
    this.chosenModel = model;
    if (model) localStorage.setItem('tinct.model', model);
    else localStorage.removeItem('tinct.model');
    const old = this.info;
    if (!old || old.model.path === (model ?? this.builtInModel)) return;
    const info = await this.run('Colourising with another model', true, (jobId, onProgress) =>
      this.api.call('reopen', { session: old.session, ...(model ? { model } : {}) }, { jobId, onProgress }),
    );
    if (!info) return;
    const unsaved = this.unsaved;
    // The old session is gone (the engine replaced it): nothing to close.
    this.info = null;
    await this.show(info, false);
    this.unsaved = unsaved;
  }

  async openProject(path: string): Promise<void> {
    if (!this.mayLeave()) return;
    this.error = null;
    const info = await this.run('Opening project', true, (jobId, onProgress) =>
      this.api.call('openProject', { path }, { jobId, onProgress }),
    );
    if (info) await this.show(info);
  }

  async recover(r: Recoverable): Promise<void> {
    this.error = null;
    const info = await this.run('Recovering', true, (jobId, onProgress) =>
      this.api.call('openProject', { path: r.path }, { jobId, onProgress }),
    );
    if (!info) return;
    await this.show({ ...info, project: null }, false);
    await this.discard(r);
    this.notice = `Recovered your unsaved edits of ${info.name}.`;
  }

  async discard(r: Recoverable): Promise<void> {
    await this.guard(() => this.api.call('discardRecoverable', { path: r.path }));
    this.recoverable = this.recoverable.filter((x) => x.path !== r.path);
  }

  private async show(info: SessionInfo, offer = true): Promise<void> {
    if (this.regionsJob) this.api.cancel(this.regionsJob);
    // Closing writes the old photo's autosave: the offer below waits for it.
    const closed = this.info ? this.api.call('close', { session: this.info.session }).catch(() => null) : null;
    const [colour, grey] = await Promise.all([
      this.api.call('render', { session: info.session, which: 'colour' }),
      this.api.call('render', { session: info.session, which: 'grey' }),
    ]);
    this.video?.dispose();
    this.video = info.video ? new VideoControl(this, { ...info, video: info.video }) : null;
    this.info = info;
    this.unsaved = false;
    this.autosaveOffer = null;
    if (offer) void Promise.resolve(closed).then(() => this.offerAutosave(info));
    this.doc = info.document;
    this.history.reset(info.document);
    this.syncHistory();
    this.colour = toCanvas(colour);
    this.grey = toCanvas(grey);
    this.previewVersion++;
    this.level = info.defaultLevel;
    this.levelSteps = 0;
    this.lastLatency = null; // the footer's "last update" belongs to the previous photo
    this.hover = this.selected = null;
    this.selectedPoint = null;
    // What the user should know about the source, e.g. that only an animation's first frame is used.
    this.notice = info.notes.length ? `${info.name}: ${info.notes.join('; ')}` : null;
    if (info.path && !info.uploaded) this.remember(info.project ?? info.path);
    if (info.regionsPending) void this.findRegions(info);
  }

  /**
   * The second half of an open: the photo is on screen in per-pixel colour; now its regions are
   * found in the background and the preview switches to region-pooled colour. The user can
   * already edit meanwhile (settings, strokes); region tools wake up when this ends.
   */
  private async findRegions(info: SessionInfo): Promise<void> {
    const jobId = `regions-${info.session}`;
    this.regionsJob = jobId;
    this.findingRegions = true;
    const mine = () => this.info?.session === info.session;
    try {
      const img = await this.api.call('regions', { session: info.session }, { jobId });
      if (!mine()) return;
      this.info = { ...this.info!, regions: true, regionsPending: false, defaultLevel: img.defaultLevel };
      this.level = img.defaultLevel;
      this.colour = toCanvas(img);
      this.previewVersion++;
      // A document change that raced with the regions may have been rendered without them.
      if (this.inflight && this.doc) this.queued ??= this.doc;
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      if (mine() && !isCancelled(err)) this.error = `Regions are unavailable for this photo: ${msg}`;
    } finally {
      if (this.regionsJob === jobId) {
        this.regionsJob = null;
        this.findingRegions = false;
      }
    }
  }

  private remember(path: string): void {
    this.recent = [path, ...this.recent.filter((p) => p !== path)].slice(0, 10);
    if (this.api.transport === 'web') localStorage.setItem('tinct.recent', JSON.stringify(this.recent));
  }

  /** Shows doc now (live slider); it becomes an undo step only with commit(). */
  preview(doc: EditDocument): void {
    this.doc = doc;
    this.queued = doc;
    if (!this.inflight) void this.pump();
  }

  /** An edit: shows it and records it for undo. */
  commit(doc: EditDocument): void {
    this.unsaved = true;
    if (this.history.push($state.snapshot(doc) as EditDocument)) this.syncHistory();
    this.preview(doc);
  }

  /** Sends the newest document; documents that arrive meanwhile collapse into one request. */
  private async pump(): Promise<void> {
    const info = this.info;
    if (!info) return;
    this.inflight = true;
    this.updating = true;
    try {
      while (this.queued) {
        const doc = $state.snapshot(this.queued) as EditDocument;
        this.queued = null;
        const t0 = performance.now();
        const img = await this.guard(() => this.api.call('setDocument', { session: info.session, document: doc }));
        if (img && this.info === info) {
          this.colour = toCanvas(img);
          this.lastLatency = performance.now() - t0;
          this.previewVersion++;
          if (this.selectedPoint) void this.refreshSelection();
          // A film: the other frames of the shot get the edit along the motion.
          void this.video?.replan();
        }
      }
    } finally {
      this.inflight = false;
      this.updating = false;
    }
  }

  undo(): void {
    const doc = this.history.undo();
    if (doc) {
      this.syncHistory();
      this.preview(doc);
    }
  }

  redo(): void {
    const doc = this.history.redo();
    if (doc) {
      this.syncHistory();
      this.preview(doc);
    }
  }

  private syncHistory(): void {
    this.canUndo = this.history.canUndo;
    this.canRedo = this.history.canRedo;
  }

  /** A film's temporal consistency μ (how much a frame remembers the ones before). */
  setTemporal(temporal: number, final: boolean): void {
    if (!this.doc) return;
    const doc = { ...($state.snapshot(this.doc) as EditDocument), temporal };
    if (final) this.commit(doc);
    else this.preview(doc);
  }

  /** A frame of the film from the engine (VideoControl): the canvas shows it. */
  showFrame(img: VideoFrameImage, playing: boolean): void {
    this.colour = toCanvas(img);
    this.previewVersion++;
    if (playing) this.hover = null;
  }

  /** After a seek or a pause: the grey frame for the before/after split, the selection on this frame. */
  async frameChanged(playing: boolean): Promise<void> {
    const info = this.info;
    if (!info || playing) return;
    const grey = await this.api.call('render', { session: info.session, which: 'grey' }).catch(() => null);
    if (grey && this.info === info) this.grey = toCanvas(grey);
    if (this.selectedPoint) await this.refreshSelection();
  }

  setSettings(patch: Partial<EditDocument['settings']>, final: boolean): void {
    if (!this.doc) return;
    const doc = { ...($state.snapshot(this.doc) as EditDocument), settings: { ...this.doc.settings, ...patch } };
    if (final) this.commit(doc);
    else this.preview(doc);
  }

  /** Back to the defaults of a fresh open: settings, regions and strokes. */
  reset(): void {
    if (!this.doc || !this.info) return;
    this.clearSelection();
    this.commit({ ...this.info.document, source: this.doc.source });
  }

  /** [ and ] in brush mode: about 20 % smaller or larger, within the size slider's 2–400 px. */
  resizeBrush(dir: 1 | -1): void {
    const next = Math.round(this.brushRadius * (dir > 0 ? 1.2 : 1 / 1.2));
    this.brushRadius = Math.min(400, Math.max(2, next === this.brushRadius ? next + dir : next));
  }

  /** Esc: no selection, and the next click starts at the default level again. */
  clearSelection(): void {
    this.selected = null;
    this.selectedPoint = null;
    this.levelSteps = 0;
    if (this.info) this.level = this.info.defaultLevel;
  }

  // Crisp zoom ------------------------------------------------------------------------------

  /** Fetches the full-resolution view of `rect` (photo pixels); a newer request or an edit wins. */
  async requestTile(rect: { x: number; y: number; width: number; height: number }, withGrey: boolean): Promise<void> {
    const info = this.info;
    // A film is shown at the preview size: its frames change faster than tiles could follow.
    if (!info || info.video) return;
    const seq = ++this.tileSeq,
      version = this.previewVersion;
    const ask = (which: 'colour' | 'grey') => this.api.call('renderTile', { session: info.session, which, ...rect });
    try {
      const [colour, grey] = await Promise.all([ask('colour'), withGrey ? ask('grey') : null]);
      if (seq !== this.tileSeq || this.info !== info || version !== this.previewVersion) return;
      this.tile = {
        colour: toCanvas(colour),
        grey: grey && toCanvas(grey),
        x: colour.x,
        y: colour.y,
        width: colour.width,
        height: colour.height,
        version,
      };
    } catch {
      // The preview stays on screen; a tile is only a sharper copy of it.
    }
  }

  clearTile(): void {
    this.tileSeq++;
    this.tile = null;
  }

  // Regions ---------------------------------------------------------------------------------

  async regionAt(
    x: number,
    y: number,
    level = this.level,
  ): Promise<{ region: RegionInfo | null; parentLevel: number; childLevel: number } | null> {
    const info = this.info;
    if (!info?.regions) return null;
    return (await this.guard(() => this.api.call('regionAt', { session: info.session, x, y, level }))) ?? null;
  }

  async hoverAt(x: number, y: number): Promise<void> {
    // The hover shows what a click would select: a new click starts at the default level.
    const ans = await this.regionAt(x, y, this.info?.defaultLevel ?? this.level);
    this.hover = ans?.region ?? null;
  }

  /** A new click selects at the default level: the level belongs to the selection (Photoshop). */
  async select(x: number, y: number): Promise<void> {
    if (this.info) this.level = this.info.defaultLevel;
    this.levelSteps = 0;
    const ans = await this.regionAt(x, y);
    this.selected = ans?.region ?? null;
    this.selectedPoint = this.selected ? [x, y] : null;
  }

  private async refreshSelection(): Promise<void> {
    const point = this.selectedPoint;
    if (!point) return;
    const ans = await this.regionAt(...point);
    // Esc or another click while the answer was on its way wins.
    if (this.selectedPoint === point) this.selected = ans?.region ?? null;
  }

  /** [ and ]: walk the hierarchy from the selected region. */
  async growShrink(dir: 1 | -1): Promise<void> {
    const point = this.selectedPoint;
    if (!point) return;
    const ans = await this.regionAt(...point);
    if (!ans || this.selectedPoint !== point) return;
    const next = dir > 0 ? ans.parentLevel : ans.childLevel;
    if (next !== this.level) this.levelSteps += dir;
    this.level = next;
    await this.refreshSelection();
  }

  chooseSwatch(swatch: number): Promise<void> {
    return this.setRegionChoice({ swatch });
  }

  /** Remembers a custom colour (region or brush) at the front of the recent colours. */
  rememberColour(ab: [number, number]): void {
    const key = (c: [number, number]) => `${Math.round(c[0])},${Math.round(c[1])}`;
    this.recentColours = [ab, ...this.recentColours.filter((c) => key(c) !== key(ab))].slice(0, 8);
    try {
      localStorage.setItem('tinct.recentColours', JSON.stringify(this.recentColours));
    } catch {
      // storage full or off: the list still works for this session
    }
  }

  chooseColour(ab: [number, number]): Promise<void> {
    this.rememberColour(ab);
    return this.setRegionChoice({ ab });
  }

  private async setRegionChoice(choice: { swatch?: number; ab?: [number, number] }): Promise<void> {
    if (!this.doc || !this.selected || !this.selectedPoint) return;
    const info = this.info;
    this.updating = true;
    try {
      // One request: the engine replaces an earlier choice in the same region and renders.
      const ans = await this.guard(() =>
        this.api.call('chooseRegion', {
          session: info!.session,
          point: this.selectedPoint!,
          level: this.level,
          ...choice,
        }),
      );
      if (!ans || this.info !== info) return;
      this.doc = ans.document;
      if (this.history.push($state.snapshot(ans.document) as EditDocument)) this.syncHistory();
      this.colour = toCanvas(ans);
      this.previewVersion++;
      if (this.selectedPoint) void this.refreshSelection();
      void this.video?.replan();
    } finally {
      if (!this.inflight) this.updating = false;
    }
  }

  removeRegionChoice(i: number): void {
    if (!this.doc) return;
    const doc = $state.snapshot(this.doc) as EditDocument;
    doc.regions.splice(i, 1);
    this.commit(doc);
  }

  // Strokes ---------------------------------------------------------------------------------

  addStroke(points: [number, number][], erase: boolean): void {
    if (!this.doc || points.length === 0) return;
    const doc = $state.snapshot(this.doc) as EditDocument;
    const stroke: Stroke = {
      id: `s${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`,
      points,
      radius: this.brushRadius,
      ab: erase ? null : ([...this.brushAb] as [number, number]),
      // A film: the stroke holds through its frame's shot, moving with what it was painted on.
      ...(this.video ? { frame: this.video.frame } : {}),
    };
    doc.strokes.push(stroke);
    this.commit(doc);
  }

  removeStroke(id: string): void {
    if (!this.doc) return;
    const doc = $state.snapshot(this.doc) as EditDocument;
    doc.strokes = doc.strokes.filter((s) => s.id !== id);
    this.commit(doc);
  }

  async sampleAt(x: number, y: number): Promise<void> {
    const info = this.info;
    if (!info) return;
    const ab = await this.guard(() => this.api.call('sampleColour', { session: info.session, x, y }));
    if (ab) this.brushAb = ab;
  }

  // Files -----------------------------------------------------------------------------------

  /** Opening a photo whose edits were autosaved earlier (and not recovered) offers them. */
  private async offerAutosave(info: SessionInfo): Promise<void> {
    if (info.project || !info.path) return;
    const list = await this.api.call('listRecoverable', {}).catch(() => null);
    if (!list || this.info?.session !== info.session) return;
    this.recoverable = list;
    this.autosaveOffer = list.find((r) => r.source === info.path) ?? null;
  }

  async saveProject(path: string): Promise<boolean> {
    const info = this.info;
    if (!info) return false;
    const ok = await this.run('Saving project', false, () =>
      this.api.call('saveProject', { session: info.session, path }),
    );
    if (!ok) return false;
    this.info = { ...info, project: path };
    this.unsaved = false;
    this.remember(path);
    this.notice = `Saved ${path}`;
    return true;
  }

  async exportTo(path: string, format: ExportFormat, bits: 8 | 16): Promise<boolean> {
    const info = this.info;
    if (!info) return false;
    const ok = await this.run('Exporting', true, (jobId, onProgress) =>
      this.api.call('export', { session: info.session, path, format, bits }, { jobId, onProgress }),
    );
    if (ok) this.notice = `Exported ${path}`;
    return !!ok;
  }

  /**
   * A film (or frames from..to): MP4 (H.264 at `crf`) or lossless FFV1 MKV; progress with frames/s and the time left.
   */
  async exportVideo(path: string, kind: 'h264' | 'ffv1', crf: number, from: number, to: number): Promise<boolean> {
    const info = this.info;
    if (!info?.video) return false;
    const total = to - from + 1;
    const t0 = performance.now();
    const ok = await this.run('Exporting the film', true, (jobId) =>
      this.api.call(
        'exportVideo',
        { session: info.session, path, kind, ...(kind === 'h264' ? { crf } : {}), from, to },
        {
          jobId,
          onProgress: (p) => {
            if (this.job?.id !== jobId || p.stage !== 'frames') return;
            this.job.fraction = p.fraction;
            this.job.stage = exportProgress(Math.round(p.fraction * total), total, (performance.now() - t0) / 1000);
          },
        },
      ),
    );
    if (ok)
      this.notice = `Exported ${ok.frames} frames to ${path}${ok.notes.length ? ` (${ok.notes.join('; ')})` : ''}`;
    return !!ok;
  }
}

/** "frame 120 of 240 · 6.1 frames/s · about 20 s left" (the first frames include the hint plan). */
export function exportProgress(done: number, total: number, seconds: number): string {
  const rate = done / Math.max(1e-3, seconds);
  const left = done > 0 ? (total - done) / rate : null;
  const eta =
    left === null ? '' : ` · about ${left < 90 ? `${Math.ceil(left)} s` : `${Math.ceil(left / 60)} min`} left`;
  return `frame ${done} of ${total} · ${rate.toFixed(1)} frames/s${eta}`;
}

function loadChosenModel(): string | null {
  try {
    return localStorage.getItem('tinct.model');
  } catch {
    return null;
  }
}

function loadRecentColours(): [number, number][] {
  try {
    const v = JSON.parse(localStorage.getItem('tinct.recentColours') ?? '[]');
    return Array.isArray(v)
      ? v.filter((c) => Array.isArray(c) && c.length === 2 && c.every(Number.isFinite)).slice(0, 8)
      : [];
  } catch {
    return [];
  }
}

/** A path next to the source with another extension (suggested names in dialogs). */
export function besideSource(source: string | null, name: string, suffix: string): string {
  const stem = name.replace(/\.[^.]+$/, '');
  if (!source) return `${stem}${suffix}`;
  return source.replace(/\.[^./\\]+$/, '') + suffix;
}
