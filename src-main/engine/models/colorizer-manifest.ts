/**
 * A colorizer's manifest (models/<name>.json beside <name>.onnx). Tinct's own models ship a full
 * one; a model someone brings may have none, or one that says only what the graph cannot tell
 * (its kind, RGB range, bins, input normalisation). Every field but format and kind is optional
 * here: what is absent is guessed from the graph (colorizer-kinds.ts).
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { TinctError } from '../errors.js';
import { manifestPathFor, parseManifest } from './manifest.js';

export const COLORIZER_KINDS = ['distributions', 'ab', 'rgb'] as const;
export type ColorizerKind = (typeof COLORIZER_KINDS)[number];

/** (x − mean) / std; per channel ([r, g, b]) for models trained on ImageNet-normalised RGB. */
const Normalization = z.object({
  mean: z.union([z.number(), z.array(z.number()).min(1).max(3)]),
  std: z.union([z.number().positive(), z.array(z.number().positive()).min(1).max(3)]),
});

export const ColorizerManifestSchema = z.looseObject({
  format: z.literal('tinct-model/1'),
  kind: z.enum(['colorizer', 'segmenter']),
  name: z.string().min(1).optional(),
  version: z.string().min(1).optional(),
  /** What the output is: logits over bins, ab in Lab units, or RGB. */
  colorizerKind: z.enum(COLORIZER_KINDS).optional(),
  input: z
    .object({
      name: z.string().min(1).optional(),
      /** 1: L (0..100 before normalisation); 3: the grey photo as sRGB in 0..1. */
      channels: z.union([z.literal(1), z.literal(3)]).optional(),
      normalization: Normalization.optional(),
      /** A fixed input [width, height]: the photo is resized to it and the output back. */
      size: z.tuple([z.number().int().min(8), z.number().int().min(8)]).optional(),
    })
    .optional(),
  output: z
    .object({
      name: z.string().min(1).optional(),
      stride: z.number().int().positive().optional(),
      /** RGB output: its white (1 or 255). */
      range: z.number().positive().optional(),
      /** RGB output in normalised units: undone as v · std + mean before `range`. */
      normalization: Normalization.optional(),
    })
    .optional(),
  multipleOf: z.number().int().positive().optional(),
  inputSize: z.number().int().min(16).optional(),
  temperature: z.number().positive().optional(),
  bins: z
    .array(z.tuple([z.number(), z.number()]))
    .min(2)
    .optional(),
  prior: z.array(z.number().nonnegative()).optional(),
  /** σ (ab units) of the Gaussian that turns a predicted ab into a distribution. */
  sigma: z.number().positive().max(50).optional(),
  license: z.string().optional(),
  trainingData: z.string().optional(),
});
export type ColorizerManifest = z.infer<typeof ColorizerManifestSchema>;

/** The manifest beside onnxPath, or null when there is none (a model brought without one). */
export async function readColorizerManifest(onnxPath: string): Promise<ColorizerManifest | null> {
  const path = manifestPathFor(onnxPath);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new TinctError(path, `model manifest cannot be read (${(err as Error).message.split('\n')[0]})`);
  }
  const m = parseManifest(path, text, ColorizerManifestSchema);
  if (m.kind !== 'colorizer') throw new TinctError(path, `is a ${m.kind} manifest, a colorizer is needed`);
  if (m.prior && m.bins && m.prior.length !== m.bins.length) {
    throw new TinctError(path, `prior has ${m.prior.length} entries but there are ${m.bins.length} bins`);
  }
  return m;
}
