/**
 * The messages between a transport (browser shell, desktop app) and the engine worker. One
 * request names a method; the worker answers once, and long jobs send progress events before the
 * answer. Types only: validation of what a UI sends lives in src-main/api (schemas.ts), which
 * the transports run before anything reaches the worker.
 */
import type { EditDocument } from '../document/edit-document.js';
import type { PreviewImage, RegionInfo } from '../session/edit-session.js';
import type { ModelInfo } from '../models/model-library.js';

export type { EditDocument, PreviewImage, RegionInfo, ModelInfo };
export type ExportFormat = 'tiff' | 'png' | 'jpeg';

/** What an open or a project open gives back: enough for the UI to lay out the canvas. */
export interface SessionInfo {
  session: string;
  name: string;
  /** The source file's path (for an upload: Tinct's kept copy of it, see `uploaded`). */
  path: string | null;
  /** True when the photo came as an upload (browser shell): its path is not the user's file. */
  uploaded: boolean;
  width: number;
  height: number;
  previewWidth: number;
  previewHeight: number;
  document: EditDocument;
  /** True once the photo's regions are found: regions, swatches and region clicks work. */
  regions: boolean;
  /**
   * A photo opens in colour before its regions are found: true means the UI should ask for them
   * with the `regions` method (false without a segmenter, or when `regions` is already true).
   */
  regionsPending: boolean;
  defaultLevel: number;
  /** Things the user should know about the source (e.g. only the first frame was used). */
  notes: string[];
  /** The project file this session was opened from or last saved to. */
  project: string | null;
  /** Milliseconds per stage of the open (decode, network, segment), for the status bar and benches. */
  times: Record<string, number>;
  /** The colorizer this photo was coloured with. */
  model: SessionModel;
  /** Set when the source is a film: the canvas shows its current frame (see the video methods). */
  video?: VideoMeta;
}

export interface VideoMeta {
  frames: number;
  fps: number;
  /** Seconds. */
  duration: number;
  /** The first frame of each shot; [0] until `videoShots` has scanned the film (or the project knew them). */
  shots: number[];
  /** True when the shots above come from a scan (or a project), not the placeholder. */
  shotsKnown: boolean;
  /** Codec names of the audio streams (copied into an export). */
  audio: string[];
}

/** A frame of a film in colour at the preview size. */
export interface VideoFrameImage extends PreviewImage {
  index: number;
  /** Index into `shots` of the shot it belongs to. */
  shot: number;
}

export interface SessionModel {
  path: string;
  name: string;
  kind: 'distributions' | 'ab' | 'rgb';
  /** False when the model predicts one colour per pixel: a region's swatches are then that colour only. */
  alternatives: boolean;
}

/** The `models` answer: what the model menu offers. */
export interface ModelList {
  /** The user's models folder (null where the engine was started without one). */
  userDir: string | null;
  /** The path of the built-in model, which a photo opens with by default. */
  builtIn: string;
  models: ModelInfo[];
}

export interface RegionAnswer {
  region: RegionInfo | null;
  parentLevel: number;
  childLevel: number;
}

export interface Recoverable {
  /** The autosave file. */
  path: string;
  source: string;
  savedAt: string;
}

export interface EngineInfo {
  version: string;
  model: string;
  segmenter: boolean;
  /** Sample photos shipped with Tinct (absolute paths), for a first try. */
  samples: string[];
}

/** Every method: its parameters and its result. */
export interface Methods {
  info: { params: Record<string, never>; result: EngineInfo };
  /** The colorizers a photo can be opened with (built-in and the user's models folder). */
  models: { params: Record<string, never>; result: ModelList };
  /** Opens a photo, with the built-in colorizer or a listed `model` (its path). */
  open: { params: ({ path: string } | { name: string; bytes: Uint8Array }) & { model?: string }; result: SessionInfo };
  close: { params: { session: string }; result: null };
  render: { params: { session: string; which: 'colour' | 'grey' }; result: PreviewImage };
  /** A rectangle of the photo at full resolution (x, y, width, height in photo pixels, clipped to it): the crisp view when zoomed in. */
  renderTile: {
    params: { session: string; which: 'colour' | 'grey'; x: number; y: number; width: number; height: number };
    result: PreviewImage & { x: number; y: number };
  };
  /** Replaces the edit document (an edit, undo/redo) and answers with the new colour preview. */
  setDocument: { params: { session: string; document: EditDocument }; result: PreviewImage };
  /** Finds the photo's regions (segmenter + hierarchy) and answers with the region-pooled preview. */
  regions: { params: { session: string }; result: PreviewImage & { defaultLevel: number } };
  regionAt: { params: { session: string; x: number; y: number; level?: number }; result: RegionAnswer };
  /**
   * One click on a swatch or a custom colour: the engine replaces any earlier choice in the same
   * region at that level (it owns region matching) and answers with the new preview and document
   * (the preview's pixels at the top level, where every transport expects them).
   */
  chooseRegion: {
    params: { session: string; point: [number, number]; level: number; swatch?: number; ab?: [number, number] };
    result: PreviewImage & { document: EditDocument };
  };
  sampleColour: { params: { session: string; x: number; y: number }; result: [number, number] };
  export: { params: { session: string; path: string; format: ExportFormat; bits: 8 | 16 }; result: { path: string } };
  saveProject: { params: { session: string; path: string }; result: { path: string } };
  /** The open photo coloured by another model (its path; absent: the built-in one), edits kept: a new session replaces it. */
  reopen: { params: { session: string; model?: string }; result: SessionInfo };
  /** Opens a project with the model it records (or `model`, when given). */
  openProject: { params: { path: string; model?: string }; result: SessionInfo };
  listRecoverable: { params: Record<string, never>; result: Recoverable[] };
  /**
   * Video: frame n in colour (the next one continues the temporal memory; any other is a seek).
   * `playing`: the next frame will be asked for next, so the engine reads it ahead.
   */
  videoFrame: { params: { session: string; frame: number; playing?: boolean }; result: VideoFrameImage };
  /** Video: one pass over the film to find its shot cuts (a cancellable job). */
  videoShots: { params: { session: string }; result: number[] };
  /** Video: carries the hints along the motion through their shots (after an edit; a cancellable job). */
  planHints: { params: { session: string }; result: null };
  /** Video: the film (or frames from..to, inclusive) with the document's hints; progress per frame. */
  exportVideo: {
    params: { session: string; path: string; kind: 'h264' | 'ffv1'; crf?: number; from?: number; to?: number };
    result: { path: string; frames: number; notes: string[] };
  };
  discardRecoverable: { params: { path: string }; result: null };
}

export type Method = keyof Methods;
export type Params<M extends Method> = Methods[M]['params'];
export type Result<M extends Method> = Methods[M]['result'];

export interface Progress {
  stage: string;
  fraction: number;
}

export type Request = { id: number; method: Method; params: unknown } | { id: number; cancel: true };
export type Reply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: string; cancelled?: boolean }
  | { id: number; progress: Progress };

/** The project file (.tinct): the edit document and where its photo is. */
export interface ProjectFile {
  format: 'tinct-project/1';
  source: string;
  document: EditDocument;
  /** The colorizer used (absent: the built-in one). */
  model?: ProjectModel;
  /** A film's project: its hints carry their frame, and its shots are kept so a reopen needs no scan. */
  kind?: 'video';
  shots?: number[];
}

export interface ProjectModel {
  path: string;
  name: string;
  version: string;
  kind: 'distributions' | 'ab' | 'rgb';
}
