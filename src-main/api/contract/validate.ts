/**
 * Validation of every request a UI sends, run by the transports (browser shell, desktop IPC)
 * before anything reaches the engine: a malformed message is refused with one line saying which
 * field and why.
 */
import { z } from 'zod';
import { id } from './common.js';
import { METHOD_SPECS, METHODS, type Method } from './index.js';

/** A request as it arrives from a UI (the browser shell's WebSocket): a call or a cancel by job id. */
export const RequestSchema = z.union([
  z
    .object({
      id: z.number().int().nonnegative(),
      method: z.enum(METHODS as [Method, ...Method[]]),
      params: z.unknown(),
      jobId: id.optional(),
    })
    .strict(),
  z.object({ cancel: id }).strict(),
]);

export type ValidRequest = { ok: true; method: Method; params: unknown } | { ok: false; error: string };

/** Checks a method name and its parameters; the error is one line naming the field. */
export function validateParams(method: unknown, params: unknown): ValidRequest {
  if (typeof method !== 'string' || !Object.hasOwn(METHOD_SPECS, method))
    return { ok: false, error: `unknown request "${String(method).slice(0, 40)}"` };
  const parsed = METHOD_SPECS[method as Method].params.safeParse(params ?? {});
  if (parsed.success) return { ok: true, method: method as Method, params: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, error: `bad ${method} request: ${issue.path.join('.') || 'params'}: ${issue.message}` };
}
