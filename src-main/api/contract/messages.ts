/**
 * The messages that carry requests: a UI's (WebSocket, Electron IPC) and the engine worker's. One
 * request names a method and gets one answer; a long job sends progress events before it. A
 * failure is data (`ApiError`: a code and a line), on every bridge.
 */
import { z } from 'zod';
import { ApiErrorSchema, ProgressSchema, type ApiError, type Progress } from './common.js';
import type { Method, Result } from './index.js';

/** One request's outcome, as the Dispatcher gives it to a transport and the transport to a UI. */
export type Answer<M extends Method = Method> = { ok: true; result: Result<M> } | { ok: false; error: ApiError };
export const AnswerSchema = z.union([
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: ApiErrorSchema }),
]);

/** What the browser shell sends on the WebSocket: an answer or a progress event, with the request's id. */
export const SocketReplySchema = z.union([
  z.object({ id: z.number(), progress: ProgressSchema }),
  z.object({ id: z.number(), ok: z.literal(true), result: z.unknown() }),
  z.object({ id: z.number(), ok: z.literal(false), error: ApiErrorSchema }),
]);
export type SocketReply = z.infer<typeof SocketReplySchema>;

/** From a transport to the engine worker (already validated: the worker does not check again). */
export type WorkerRequest = { id: number; method: Method; params: unknown } | { id: number; cancel: true };
/** From the engine worker: the same replies as the WebSocket's. */
export type WorkerReply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: ApiError }
  | { id: number; progress: Progress };
