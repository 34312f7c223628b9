/** The requests on projects (.tinct files) and the autosaves the start screen offers to recover. */
import { z } from 'zod';
import { RecoverableSchema, SessionInfoSchema } from './answers.js';
import { empty, id, path } from './common.js';

export const projectMethods = {
  saveProject: { params: z.object({ session: id, path }).strict(), result: z.object({ path: z.string() }) },
  /** Opens a project with the model it records (or `model`, when given). */
  openProject: { params: z.object({ path, model: path.optional() }).strict(), result: SessionInfoSchema },
  listRecoverable: { params: empty, result: z.array(RecoverableSchema) },
  discardRecoverable: { params: z.object({ path }).strict(), result: z.null() },
};
