/**
 * The project file (.tinct): the edit document plus the path of its photo, as JSON. Validated on
 * the way in; a file from a newer Tinct is refused with a message that says so.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { writeAtomically } from '../image/atomic-write.js';
import { EditDocumentSchema, type EditDocument } from '../document/edit-document.js';
import { TinctError, oneLine } from '../errors.js';
import type { ProjectFile, ProjectModel } from './protocol.js';
import { COLORIZER_KINDS } from '../models/colorizer-manifest.js';

export const PROJECT_FORMAT = 'tinct-project/1';

/** The colorizer a project was made with, so reopening it colours the photo the same way. */
export const ProjectModelSchema = z.object({
  path: z.string().min(1),
  name: z.string(),
  version: z.string(),
  kind: z.enum(COLORIZER_KINDS),
});

export const ProjectFileSchema = z.object({
  format: z.literal(PROJECT_FORMAT),
  source: z.string().min(1),
  document: EditDocumentSchema,
  // Absent in projects from before bring-your-own models: those were made with the built-in one.
  model: ProjectModelSchema.optional(),
  kind: z.literal('video').optional(),
  shots: z.array(z.number().int().min(0)).max(1_000_000).optional(),
});

export async function readProject(path: string): Promise<ProjectFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new TinctError(path, 'no such file', { code: 'not-found' });
    throw new TinctError(path, oneLine(err));
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new TinctError(path, 'not a Tinct project (not JSON)');
  }
  const format = (json as { format?: unknown } | null)?.format;
  if (typeof format === 'string' && format.startsWith('tinct-project/') && format !== PROJECT_FORMAT) {
    throw new TinctError(path, `made by a newer Tinct (${format}); this version reads ${PROJECT_FORMAT}`);
  }
  const parsed = ProjectFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TinctError(path, `not a valid Tinct project (${issue.path.join('.') || 'file'}: ${issue.message})`);
  }
  const source = isAbsolute(parsed.data.source) ? parsed.data.source : resolve(dirname(path), parsed.data.source);
  return { ...parsed.data, format: PROJECT_FORMAT, source };
}

export async function writeProject(
  path: string,
  source: string,
  document: EditDocument,
  model?: ProjectModel,
  video?: { shots: number[] },
): Promise<void> {
  const project: ProjectFile = {
    format: PROJECT_FORMAT,
    source,
    document,
    ...(model ? { model } : {}),
    ...(video && { kind: 'video' as const, ...video }),
  };
  await writeAtomically(path, (tmp) => writeFile(tmp, JSON.stringify(project, null, 1) + '\n'));
}
