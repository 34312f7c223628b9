/**
 * The contract between every UI and the engine, in one place: each request's parameters and
 * result as zod schemas, and the types inferred from them. The transports validate what a UI sends
 * against `params` (validate.ts); the engine worker (engine/worker/protocol.ts) takes its types
 * from here; the renderer imports types only (api/protocol.ts).
 */
import type { z } from 'zod';
import { photoMethods } from './photo-methods.js';
import { projectMethods } from './project-methods.js';
import { videoMethods } from './video-methods.js';

/**
 * A request: `params` as a UI sends them (what the transports check), `result` as the engine
 * answers; `engineParams` where the engine gets something else (open: an upload's bytes).
 */
export interface MethodSpec {
  params: z.ZodType;
  result: z.ZodType;
  engineParams?: z.ZodType;
}

export const METHOD_SPECS = { ...photoMethods, ...projectMethods, ...videoMethods } satisfies Record<
  string,
  MethodSpec
>;
type Specs = typeof METHOD_SPECS;

export type Method = keyof Specs;
/** The parameters as a UI sends them. */
export type UiParams<M extends Method> = z.infer<Specs[M]['params']>;
/** The parameters as the engine gets them. */
export type Params<M extends Method> = Specs[M] extends { engineParams: infer S extends z.ZodType }
  ? z.infer<S>
  : UiParams<M>;
export type Result<M extends Method> = z.infer<Specs[M]['result']>;
/** Every method: its parameters and its result. */
export type Methods = { [M in Method]: { params: Params<M>; result: Result<M> } };

export const METHODS = Object.keys(METHOD_SPECS) as Method[];

export * from './answers.js';
export * from './common.js';
export * from './export-format.js';
export * from './messages.js';
export type { EditDocument } from '../../engine/document/edit-document.js';
