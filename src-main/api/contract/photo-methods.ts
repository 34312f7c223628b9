/**
 * The requests on one photo: open it, render it, find its regions, edit it, export it. Each is
 * its parameters as a UI sends them (checked by the transports before anything reaches the
 * engine) and its result.
 */
import { z } from 'zod';
import { EditDocumentSchema } from '../../engine/document/edit-document.js';
import { bitsRefusal } from '../../engine/image/export-formats.js';
import { EngineInfoSchema, ModelListSchema, RegionAnswerSchema, SessionInfoSchema } from './answers.js';
import { coord, empty, id, path, PreviewImageSchema, session } from './common.js';
import { BitDepthSchema, ExportFormatSchema } from './export-format.js';

const which = z.enum(['colour', 'grey']);
const ab = z.number().finite().min(-128).max(128);

/** How a UI names the photo to open (model: a path from the `models` list; the engine refuses any other). */
const OpenRequestSchema = z.union([
  z.object({ path, model: path.optional() }).strict(),
  z.object({ upload: id, model: path.optional() }).strict(),
]);

/** What the engine gets for it: the transport turns an upload id into the upload's name and bytes. */
const OpenParamsSchema = z.union([
  z.object({ path: z.string(), model: z.string().optional() }),
  z.object({ name: z.string(), bytes: z.instanceof(Uint8Array), model: z.string().optional() }),
]);

export const photoMethods = {
  info: { params: empty, result: EngineInfoSchema },
  /** The colorizers a photo can be opened with (built-in and the user's models folder). */
  models: { params: empty, result: ModelListSchema },
  /** Opens a photo, with the built-in colorizer or a listed `model` (its path). */
  open: { params: OpenRequestSchema, engineParams: OpenParamsSchema, result: SessionInfoSchema },
  close: { params: session, result: z.null() },
  /**
   * The open photo coloured by another model (its path; absent: the built-in one), edits kept:
   * a new session replaces it.
   */
  reopen: { params: z.object({ session: id, model: path.optional() }).strict(), result: SessionInfoSchema },
  render: { params: z.object({ session: id, which }).strict(), result: PreviewImageSchema },
  /**
   * A rectangle of the photo at full resolution (x, y, width, height in photo pixels, clipped to
   * it): the crisp view when zoomed in. At most 4096² (a 4K screen at 100 %): the UI asks for
   * what is visible.
   */
  renderTile: {
    params: z
      .object({
        session: id,
        which,
        x: coord,
        y: coord,
        width: z.number().int().min(1).max(4096),
        height: z.number().int().min(1).max(4096),
      })
      .strict(),
    result: PreviewImageSchema.extend({ x: z.number(), y: z.number() }),
  },
  /** Replaces the edit document (an edit, undo/redo) and answers with the new colour preview. */
  setDocument: {
    params: z.object({ session: id, document: EditDocumentSchema }).strict(),
    result: PreviewImageSchema,
  },
  /** Finds the photo's regions (segmenter + hierarchy) and answers with the region-pooled preview. */
  regions: { params: session, result: PreviewImageSchema.extend({ defaultLevel: z.number() }) },
  regionAt: {
    params: z.object({ session: id, x: coord, y: coord, level: z.number().finite().optional() }).strict(),
    result: RegionAnswerSchema,
  },
  sampleColour: {
    params: z.object({ session: id, x: coord, y: coord }).strict(),
    result: z.tuple([z.number(), z.number()]),
  },
  /**
   * One click on a swatch or a custom colour: the engine replaces any earlier choice in the same
   * region at that level (it owns region matching) and answers with the new preview and document
   * (the preview's pixels at the top level, where every transport expects them).
   */
  chooseRegion: {
    params: z
      .object({
        session: id,
        point: z.tuple([coord, coord]),
        level: z.number().finite(),
        swatch: z.number().int().min(0).max(4).optional(),
        ab: z.tuple([ab, ab]).optional(),
      })
      .strict()
      .refine((o) => (o.swatch === undefined) !== (o.ab === undefined), {
        message: 'give either a swatch or an ab colour',
      }),
    result: PreviewImageSchema.extend({ document: EditDocumentSchema }),
  },
  /** The photo at full resolution, in a format and depth of export-formats.ts. */
  export: {
    params: z
      .object({ session: id, path, format: ExportFormatSchema, bits: BitDepthSchema })
      .strict()
      .superRefine((o, ctx) => {
        const refusal = bitsRefusal(o.format, o.bits);
        if (refusal) ctx.addIssue({ code: 'custom', message: refusal, path: ['bits'] });
      }),
    result: z.object({ path: z.string() }),
  },
};
