/**
 * The api every UI talks to (window.tinct): the requests of the contract (./contract) plus what
 * only a UI needs (uploads, dialogs, menus). The renderer imports TYPES from here and nothing
 * else; the desktop app's preload and the browser shell's client both implement TinctBridge.
 */
import type { Answer, Method, Progress, UiParams } from './contract/index.js';

export type {
  Answer,
  ApiError,
  EditDocument,
  EngineInfo,
  ExportFormatRule,
  Method,
  Methods,
  ModelInfo,
  ModelList,
  Params,
  PreviewImage,
  Progress,
  Recoverable,
  RegionAnswer,
  RegionInfo,
  Result,
  SessionInfo,
  SessionModel,
  UiParams,
  VideoFrameImage,
  VideoMeta,
} from './contract/index.js';
export type { ErrorCode } from '../engine/errors.js';
export type { ExportFormat } from '../engine/image/export-formats.js';
export type { ProjectFile } from '../engine/worker/protocol.js';
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
 * window.tinct. `request` takes the methods of the contract as a UI sends them (`open` takes an
 * OpenSource: the transport turns an upload id into bytes) and resolves with an Answer: a failure
 * is data ({ code, message }), never a rejection, because contextBridge keeps only an Error's
 * message (the renderer's lib/api.ts throws it again as an ApiError with its code).
 */
export interface TinctBridge {
  readonly transport: 'electron' | 'web';
  request<M extends Method>(method: M, params: UiParams<M>, opts?: CallOptions): Promise<Answer<M>>;
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
