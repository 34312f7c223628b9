/**
 * The messages between a transport (browser shell, desktop app) and the engine worker, and the
 * methods the worker answers: their types come from the one contract (src-main/api/contract,
 * zod schemas), imported as types only: the engine runs no api code (eslint.config.js allows
 * this folder type imports of the contract and nothing else above it). Validation of what a UI
 * sends runs in the transports before anything reaches the worker.
 */
import type { EditDocument } from '../document/edit-document.js';
import type { WorkerReply, WorkerRequest } from '../../api/contract/index.js';

export type {
  ApiError,
  EditDocument,
  EngineInfo,
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
  VideoFrameImage,
  VideoMeta,
} from '../../api/contract/index.js';
export type { ExportFormat } from '../image/export-formats.js';

export type Request = WorkerRequest;
export type Reply = WorkerReply;

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
