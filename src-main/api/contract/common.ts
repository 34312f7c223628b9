/**
 * The building blocks every request of the contract is made of: ids, coordinates, paths, the
 * progress event, a preview's pixels, and an error as data.
 */
import { z } from 'zod';
import { ERROR_CODES } from '../../engine/errors.js';

export const id = z.string().min(1).max(100);
export const coord = z.number().finite().min(-1e6).max(1e6);
export const path = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), 'contains a NUL character');
export const empty = z.object({}).strict();
export const session = z.object({ session: id }).strict();

/** A long job's event before its answer: the stage it is in and how far (0..1). */
export const ProgressSchema = z.object({ stage: z.string(), fraction: z.number() });
export type Progress = z.infer<typeof ProgressSchema>;

/**
 * A failure as it crosses a bridge: the code a UI acts on and the one line it shows. Data, not an
 * Error: Electron's contextBridge copies only an Error's message.
 */
export const ApiErrorSchema = z.object({ code: z.enum(ERROR_CODES), message: z.string() });
export type ApiError = z.infer<typeof ApiErrorSchema>;

/** RGBA pixels, row by row: transferred between threads, a binary frame on the WebSocket, never JSON. */
const rgba = z.custom<Uint8ClampedArray>((v) => v instanceof Uint8ClampedArray, 'RGBA pixels');

/** A picture at the preview size (or a tile at full resolution). */
export const PreviewImageSchema = z.object({ width: z.number().int(), height: z.number().int(), rgba });
export type PreviewImage = z.infer<typeof PreviewImageSchema>;
