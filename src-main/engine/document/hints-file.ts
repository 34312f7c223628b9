/**
 * A hints file for `tinct colorize --hints`: region choices and brush strokes in full-resolution
 * pixel coordinates, either as {"regions": […], "strokes": […]} or as a whole .tinct project
 * (whose document's hints are used).
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { RegionChoiceSchema, StrokeSchema, type RegionChoice, type Stroke } from './edit-document.js';
import { TinctError } from '../errors.js';
import { readProject } from '../worker/project.js';

const HintsSchema = z.object({
  regions: z.array(RegionChoiceSchema).optional(),
  strokes: z.array(StrokeSchema).optional(),
});

export interface Hints {
  regions?: RegionChoice[];
  strokes?: Stroke[];
  /** A project's colorizer (its path), which `colorize` uses when no --model is given. */
  model?: string;
}

export async function readHints(path: string): Promise<Hints> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new TinctError(path, 'no such file', { code: 'not-found' });
    throw new TinctError(path, 'hints file is not valid JSON');
  }
  if ((json as { format?: unknown } | null)?.format !== undefined) {
    const { document, model } = await readProject(path);
    return { regions: document.regions, strokes: document.strokes, ...(model ? { model: model.path } : {}) };
  }
  const parsed = HintsSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TinctError(path, `invalid hints: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}
