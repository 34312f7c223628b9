/**
 * The edit document: everything a user decided about one photo, as plain JSON. Region choices
 * are stored with a point and a level (not a transient region id), so they survive a new session,
 * a different preview size or a retrained segmenter. Versioned; validated with zod on the way in.
 */
import { z } from 'zod';

export const DOCUMENT_VERSION = 1;

const Point = z.tuple([z.number().finite(), z.number().finite()]);
const Ab = z.tuple([z.number().min(-128).max(128), z.number().min(-128).max(128)]);

export const EditSettingsSchema = z.object({
  temperature: z.number().gt(0).max(10),
  consistency: z.number().min(0).max(1),
});

export const RegionChoiceSchema = z.object({
  point: Point,
  level: z.number().finite(),
  swatch: z.number().int().min(0).max(4).optional(),
  ab: Ab.optional(),
  /** Video: the frame the choice was made on; it holds through that frame's shot, following the object. */
  frame: z.number().int().min(0).optional(),
});

export const StrokeSchema = z.object({
  id: z.string().min(1).max(64),
  points: z.array(Point).min(1).max(100_000),
  radius: z.number().positive().max(10_000),
  /** null: an eraser stroke, which removes hints under it. */
  ab: Ab.nullable(),
  /** Video: the frame the stroke was painted on; it holds through that frame's shot, moving with it. */
  frame: z.number().int().min(0).optional(),
});

export const EditDocumentSchema = z.object({
  version: z.literal(DOCUMENT_VERSION),
  source: z.object({ name: z.string(), width: z.number().int().positive(), height: z.number().int().positive() }),
  settings: EditSettingsSchema,
  regions: z.array(RegionChoiceSchema).max(10_000),
  strokes: z.array(StrokeSchema).max(10_000),
  /** Video: μ, how strongly a frame remembers the ones before (photos ignore it). */
  temporal: z.number().min(0).max(1).optional(),
});

export type EditSettings = z.infer<typeof EditSettingsSchema>;
export type RegionChoice = z.infer<typeof RegionChoiceSchema>;
export type Stroke = z.infer<typeof StrokeSchema>;
export type EditDocument = z.infer<typeof EditDocumentSchema>;

/**
 * Default object consistency, chosen on bsds500/val with tinct-colorizer 1.1.0 and colour pooled
 * over the hierarchy's level 0.9 (segmentation/defaults.ts, POOLING_LEVEL):
 *   npm run eval:color -- --images ../shared/data/bsds500/val/images \
 *     --segs ../shared/data/bsds500/val/segs --consistency 0,0.6,0.8,0.9,1
 * split rate 6.5% (κ 0) -> 3.8% (0.6) -> 2.5% (0.8) -> 2.2% (0.9) -> 1.6% (1); AuC rebalanced
 * 80.2 -> 80.2 -> 80.1 -> 79.9 -> 79.7; PSNR 21.95 -> 23.20 -> 23.31 -> 23.30 -> 23.25 dB.
 * Issue 5 asks for at most a third of κ = 0's split rate at no more than 1 AuC point less: only
 * κ = 1 meets it with a margin. (With model 1.0.0 it was 0.6; this model's per-pixel
 * distributions are sharper, so more of the pooled one is needed.) The slider lowers it per photo.
 * With segmenter 1.1.0's regions: 1.8 % at κ = 1, AuC rebalanced 80.0 (κ = 0: 6.5 %, 80.2).
 * Since regions decode inside their dominant mode (the other modes held back by κ, so even
 * κ = 0.5 keeps a region inside one hue) and pool at level 0.96, split at 0.40: with colorizer
 * 2.1.0, κ = 0.4 / 0.5 / 0.6 / 0.8 gave AuC rebalanced 78.3 / 78.1 / 77.9 / 77.6, split 2.6 / 2.5 /
 * 2.6 / 2.6 % (κ = 0: 78.2 / 7.8 %), colourfulness 1.23 / 1.20 / 1.17 / 1.13 × the truth: 0.5, the
 * AuC of κ = 0 within 0.1 and the split rate at a third of it (AuC rebalanced on 2.0.0's prior).
 */
export const DEFAULT_CONSISTENCY = 0.5;

export function newDocument(name: string, width: number, height: number, temperature: number): EditDocument {
  return {
    version: DOCUMENT_VERSION,
    source: { name, width, height },
    settings: { temperature, consistency: DEFAULT_CONSISTENCY },
    regions: [],
    strokes: [],
  };
}
