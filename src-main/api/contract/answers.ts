/**
 * The shapes the engine answers with (besides previews): the engine, its models, an open photo or
 * film, a region. Typed by these schemas; the engine's answers are not re-checked at run time
 * (the transports check what comes in, and test/integration/contract-errors.test.ts checks these).
 */
import { z } from 'zod';
import { EditDocumentSchema } from '../../engine/document/edit-document.js';
import { COLORIZER_KINDS } from '../../engine/models/colorizer-manifest.js';
import { PreviewImageSchema } from './common.js';
import { ExportFormatRuleSchema } from './export-format.js';

const kind = z.enum(COLORIZER_KINDS);

export const EngineInfoSchema = z.object({
  version: z.string(),
  model: z.string(),
  segmenter: z.boolean(),
  /** Sample photos shipped with Tinct (absolute paths), for a first try. */
  samples: z.array(z.string()),
  /** What a photo can be exported to (export-formats.ts), for the export dialog. */
  exportFormats: z.array(ExportFormatRuleSchema).readonly(),
});

/** One colorizer the model menu offers. */
export const ModelInfoSchema = z.object({
  /** The model's .onnx path: what `open` and `--model` take. */
  path: z.string(),
  name: z.string(),
  source: z.enum(['built-in', 'user']),
  kind: kind.optional(),
  /** "any (works at 256)" or the fixed "512×512". */
  inputSize: z.string().optional(),
  /** False for ab and RGB models: one colour per region, no alternatives. */
  alternatives: z.boolean().optional(),
  /** Where its description came from: its manifest, the graph, or both. */
  described: z.string().optional(),
  /** Why the model cannot be used, when it cannot. */
  error: z.string().optional(),
});

/** The `models` answer: what the model menu offers. */
export const ModelListSchema = z.object({
  /** The user's models folder (null where the engine was started without one). */
  userDir: z.string().nullable(),
  /** The path of the built-in model, which a photo opens with by default. */
  builtIn: z.string(),
  models: z.array(ModelInfoSchema),
});

export const SessionModelSchema = z.object({
  path: z.string(),
  name: z.string(),
  kind,
  /** False when the model predicts one colour per pixel: a region's swatches are then that colour only. */
  alternatives: z.boolean(),
});

export const VideoMetaSchema = z.object({
  frames: z.number(),
  fps: z.number(),
  /** Seconds. */
  duration: z.number(),
  /** The first frame of each shot; [0] until `videoShots` has scanned the film (or the project knew them). */
  shots: z.array(z.number()),
  /** True when the shots above come from a scan (or a project), not the placeholder. */
  shotsKnown: z.boolean(),
  /** Codec names of the audio streams (copied into an export). */
  audio: z.array(z.string()),
});

/** What an open or a project open gives back: enough for the UI to lay out the canvas. */
export const SessionInfoSchema = z.object({
  session: z.string(),
  name: z.string(),
  /** The source file's path (for an upload: Tinct's kept copy of it, see `uploaded`). */
  path: z.string().nullable(),
  /** True when the photo came as an upload (browser shell): its path is not the user's file. */
  uploaded: z.boolean(),
  width: z.number(),
  height: z.number(),
  previewWidth: z.number(),
  previewHeight: z.number(),
  document: EditDocumentSchema,
  /** True once the photo's regions are found: regions, swatches and region clicks work. */
  regions: z.boolean(),
  /**
   * A photo opens in colour before its regions are found: true means the UI should ask for them
   * with the `regions` method (false without a segmenter, or when `regions` is already true).
   */
  regionsPending: z.boolean(),
  defaultLevel: z.number(),
  /** Things the user should know about the source (e.g. only the first frame was used). */
  notes: z.array(z.string()),
  /** The project file this session was opened from or last saved to. */
  project: z.string().nullable(),
  /** Milliseconds per stage of the open (decode, network, segment), for the status bar and benches. */
  times: z.record(z.string(), z.number()),
  /** The colorizer this photo was coloured with. */
  model: SessionModelSchema,
  /** Set when the source is a film: the canvas shows its current frame (see the video methods). */
  video: VideoMetaSchema.optional(),
});

/** An alternative colour of a region: as shown (8-bit sRGB at the region's mean L), its ab, and its probability. */
export const SwatchSchema = z.object({
  rgb: z.tuple([z.number(), z.number(), z.number()]),
  ab: z.tuple([z.number(), z.number()]),
  mass: z.number(),
});

export const RegionInfoSchema = z.object({
  level: z.number(),
  id: z.number(),
  area: z.number(),
  /** x, y, width, height in full-resolution pixels. */
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  /** Closed polylines in full-resolution pixels. */
  outline: z.array(z.array(z.tuple([z.number(), z.number()]))),
  swatches: z.array(SwatchSchema),
  chosen: z.number().nullable(),
  /** The region's mean lightness (0..100): the gamut picker offers the colours that exist at it. */
  lightness: z.number(),
});

export const RegionAnswerSchema = z.object({
  region: RegionInfoSchema.nullable(),
  parentLevel: z.number(),
  childLevel: z.number(),
});

/** An autosave the start screen offers to recover. */
export const RecoverableSchema = z.object({
  /** The autosave file. */
  path: z.string(),
  source: z.string(),
  savedAt: z.string(),
});

/** A frame of a film in colour at the preview size. */
export const VideoFrameImageSchema = PreviewImageSchema.extend({
  index: z.number(),
  /** Index into `shots` of the shot it belongs to. */
  shot: z.number(),
});

export type EngineInfo = z.infer<typeof EngineInfoSchema>;
export type ModelInfo = z.infer<typeof ModelInfoSchema>;
export type ModelList = z.infer<typeof ModelListSchema>;
export type SessionModel = z.infer<typeof SessionModelSchema>;
export type VideoMeta = z.infer<typeof VideoMetaSchema>;
export type SessionInfo = z.infer<typeof SessionInfoSchema>;
export type Swatch = z.infer<typeof SwatchSchema>;
export type RegionInfo = z.infer<typeof RegionInfoSchema>;
export type RegionAnswer = z.infer<typeof RegionAnswerSchema>;
export type Recoverable = z.infer<typeof RecoverableSchema>;
export type VideoFrameImage = z.infer<typeof VideoFrameImageSchema>;
