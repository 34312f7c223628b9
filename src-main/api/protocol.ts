/**
 * The api every UI talks to (window.tinct): the methods of the engine worker's protocol plus
 * what only a UI needs (uploads, dialogs, menus). The renderer imports TYPES from here and
 * nothing else; the desktop app's preload and the browser shell's client both implement
 * TinctBridge.
 */
import type { Method, Params, Progress, Result } from '../engine/worker/protocol.js';

export type {
  EditDocument,
  EngineInfo,
  ExportFormat,
  Method,
  Methods,
  ModelInfo,
  ModelList,
  Params,
  PreviewImage,
  Progress,
  ProjectFile,
  Recoverable,
  RegionAnswer,
  RegionInfo,
  Result,
  SessionInfo,
  SessionModel,
  VideoFrameImage,
  VideoMeta,
} from '../engine/worker/protocol.js';
export type { Stroke, RegionChoice, EditSettings } from '../engine/document/edit-document.js';

/** Where a photo comes from, as the UI knows it: a path (dialog, typed) or an upload id. */
export type OpenSource = { path: string } | { upload: string };

export interface CallOptions {
  onProgress?: (p: Progress) => void;
  /** A job id the UI chose, so it can cancel the job with cancel(jobId). */
  jobId?: string;
}

export type DialogKind = 'openImage' | 'openProject' | 'saveProject' | 'export';

/** Commands the desktop app's menus send to the renderer (the browser shell has none). */
export type MenuCommand =
  | 'open'
  | 'openProject'
  | 'saveProject'
  | 'saveProjectAs'
  | 'export'
  | 'undo'
  | 'redo'
  | 'zoomFit'
  | 'zoom100'
  | 'toggleBefore'
  | 'help'
  | 'reset'
  | 'openRecent';

/**
 * window.tinct. `call` takes the methods of the engine protocol, except that `open` takes an
 * OpenSource (the transport turns an upload id into bytes).
 */
export interface TinctBridge {
  readonly transport: 'electron' | 'web';
  call<M extends Method>(method: M, params: UiParams<M>, opts?: CallOptions): Promise<Result<M>>;
  cancel(jobId: string): void;
  /** Hands a dropped or picked File to the shell: its path (desktop) or an upload id (browser). */
  fileSource(file: File): Promise<OpenSource>;
  /** A native file dialog; null when cancelled, or where the shell has none (the browser). */
  dialog(kind: DialogKind, suggested?: string): Promise<string | null>;
  /** Menu commands; 'openRecent' comes with the path. */
  onMenu(handler: (cmd: MenuCommand, arg?: string) => void): void;
  /** Recent files (desktop); the browser shell keeps them in localStorage itself. */
  recent(): Promise<string[]>;
}

export type UiParams<M extends Method> = M extends 'open' ? OpenSource & { model?: string } : Params<M>;
