/**
 * The editor's state, the first layer of Editor (editor.svelte.ts): the open photo, its document
 * and undo history, the previews, the selection, the tools, the job in flight, and how a request
 * runs as a job. The layers above add what the user does with it: editor-regions.svelte.ts (region
 * clicks and choices), editor-edits.svelte.ts (settings, strokes, undo), editor.svelte.ts (files,
 * models). One object, so components keep reading `editor.x`; layers, so each job is one file.
 */
import type {
  EditDocument,
  ExportFormatRule,
  MenuCommand,
  ModelInfo,
  Progress,
  Recoverable,
  RegionInfo,
  SessionInfo,
  TinctBridge,
} from '../../src-main/api/protocol.js';
import { apiOver, isCancelled, type Api } from './api.js';
import { History } from './history.js';
import { newJobId, STAGES, type Job } from './jobs.js';
import { loadChosenModel, loadRecentColours } from './preferences.js';
import type { VideoControl } from './video.svelte.js';

export type { Job } from './jobs.js';
export type Tool = 'select' | 'brush' | 'erase' | 'sample';

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

export class EditorState {
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

  protected history = new History<EditDocument | null>(null);
  /** A document change is on its way (editor-edits.svelte.ts pump); `queued` is the newest one waiting. */
  protected inflight = false;
  protected queued: EditDocument | null = null;
  private listeners: ((cmd: MenuCommand, arg?: string) => void)[] = [];

  /** The bridge, through lib/api.ts: results, or errors with their code. */
  readonly api: Api;

  constructor(bridge: TinctBridge) {
    this.api = apiOver(bridge);
    this.api.onMenu((cmd, arg) => this.listeners.forEach((l) => l(cmd, arg)));
  }

  onMenu(l: (cmd: MenuCommand, arg?: string) => void): void {
    this.listeners.push(l);
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

  /** Runs fn as the job on screen (progress card, cancel button), guarded. */
  protected async run<T>(
    title: string,
    cancellable: boolean,
    fn: (jobId: string, onProgress: (p: Progress) => void) => Promise<T>,
  ): Promise<T | undefined> {
    const id = newJobId();
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

  protected syncHistory(): void {
    this.canUndo = this.history.canUndo;
    this.canRedo = this.history.canRedo;
  }
}
