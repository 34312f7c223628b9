/**
 * The editor: the open photo or film and everything the user does with it. Components read its
 * state and call its methods; it talks only to window.tinct (a TinctBridge), through lib/api.ts
 * (errors with their code). Built in layers, one job a file: editor-state.svelte.ts (the state,
 * jobs, history), editor-regions.svelte.ts (region clicks and choices), editor-edits.svelte.ts
 * (settings, strokes, undo), and this one: opening, models, recovery, projects, export and the
 * crisp zoom's tiles.
 */
import type { ExportFormat, OpenSource, Recoverable, SessionInfo } from '../../src-main/api/protocol.js';
import { isCancelled } from './api.js';
import { toCanvas } from './canvas-image.js';
import { EditorEdits } from './editor-edits.svelte.js';
import { exportProgress } from './jobs.js';
import { saveChosenModel } from './preferences.js';
import { VideoControl } from './video.svelte.js';

export type { Job, Tile, Tool } from './editor-state.svelte.js';

export class Editor extends EditorEdits {
  private regionsJob: string | null = null;
  private tileSeq = 0;

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
    saveChosenModel(model);
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
