/**
 * Edits, the third layer of Editor: the document shown live (a slider drag) or committed as an
 * undo step, sent to the engine one request at a time with the newest document winning; undo and
 * redo; settings, strokes and the brush; a film's frames as the engine sends them.
 */
import type { EditDocument, Stroke, VideoFrameImage } from '../../src-main/api/protocol.js';
import { toCanvas } from './canvas-image.js';
import { EditorRegions } from './editor-regions.svelte.js';

export class EditorEdits extends EditorRegions {
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

  setSettings(patch: Partial<EditDocument['settings']>, final: boolean): void {
    if (!this.doc) return;
    const doc = { ...($state.snapshot(this.doc) as EditDocument), settings: { ...this.doc.settings, ...patch } };
    if (final) this.commit(doc);
    else this.preview(doc);
  }

  /** A film's temporal consistency μ (how much a frame remembers the ones before). */
  setTemporal(temporal: number, final: boolean): void {
    if (!this.doc) return;
    const doc = { ...($state.snapshot(this.doc) as EditDocument), temporal };
    if (final) this.commit(doc);
    else this.preview(doc);
  }

  /** Back to the defaults of a fresh open: settings, regions and strokes. */
  reset(): void {
    if (!this.doc || !this.info) return;
    this.clearSelection();
    this.commit({ ...this.info.document, source: this.doc.source });
  }

  removeRegionChoice(i: number): void {
    if (!this.doc) return;
    const doc = $state.snapshot(this.doc) as EditDocument;
    doc.regions.splice(i, 1);
    this.commit(doc);
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

  // Strokes ---------------------------------------------------------------------------------

  /** [ and ] in brush mode: about 20 % smaller or larger, within the size slider's 2–400 px. */
  resizeBrush(dir: 1 | -1): void {
    const next = Math.round(this.brushRadius * (dir > 0 ? 1.2 : 1 / 1.2));
    this.brushRadius = Math.min(400, Math.max(2, next === this.brushRadius ? next + dir : next));
  }

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
}
