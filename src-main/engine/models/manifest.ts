/**
 * The model contract of DESIGN.md: models/<name>.onnx beside models/<name>.json. The manifest is
 * validated before the model is used, so a model a user brings fails with a clear message.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { TinctError } from '../errors.js';

const Normalization = z.object({ mean: z.number(), std: z.number().positive() });

export const ManifestSchema = z.looseObject({
  format: z.literal('tinct-model/1'),
  kind: z.enum(['colorizer', 'segmenter']),
  name: z.string().min(1),
  version: z.string().min(1),
  input: z.object({ name: z.string().min(1), normalization: Normalization }),
  output: z.object({ name: z.string().min(1), stride: z.number().int().positive() }),
  multipleOf: z.number().int().positive(),
  inputSize: z.number().int().min(16),
  temperature: z.number().positive().optional(),
  bins: z
    .array(z.tuple([z.number(), z.number()]))
    .min(2)
    .optional(),
  prior: z.array(z.number().nonnegative()).optional(),
  license: z.string(),
  trainingData: z.string(),
});
export type ModelManifest = z.infer<typeof ManifestSchema>;

/** A manifest's text checked against its schema: one line naming the file and the first problem. */
export function parseManifest<S extends z.ZodType>(path: string, text: string, schema: S): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new TinctError(path, 'model manifest is not valid JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TinctError(path, `model manifest is invalid: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

export function manifestPathFor(onnxPath: string): string {
  return onnxPath.replace(/\.onnx$/i, '') + '.json';
}

export async function readManifest(onnxPath: string, kind: ModelManifest['kind']): Promise<ModelManifest> {
  const path = manifestPathFor(onnxPath);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new TinctError(onnxPath, `model manifest ${path} is missing (see "Bring your own model" in README.md)`);
  }
  const m = parseManifest(path, text, ManifestSchema);
  if (m.kind !== kind) throw new TinctError(path, `is a ${m.kind} manifest, a ${kind} is needed`);
  if (kind === 'colorizer') {
    if (!m.bins) throw new TinctError(path, 'colorizer manifest has no bins');
    if (m.prior && m.prior.length !== m.bins.length) {
      throw new TinctError(path, `prior has ${m.prior.length} entries but there are ${m.bins.length} bins`);
    }
  }
  return m;
}
