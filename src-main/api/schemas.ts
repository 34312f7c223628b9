/**
 * Validation of every request a UI sends, run by the transports (browser shell, desktop IPC)
 * before anything reaches the engine: a malformed message is refused with one line saying which
 * field and why.
 */
import { z } from 'zod';
import { EditDocumentSchema } from '../engine/document/edit-document.js';
import type { Method } from '../engine/worker/protocol.js';

const id = z.string().min(1).max(100);
const coord = z.number().finite().min(-1e6).max(1e6);
const path = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), 'contains a NUL character');
const empty = z.object({}).strict();

export const ParamsSchemas = {
  info: empty,
  models: empty,
  // model: a path from the `models` list; the engine refuses any other.
  open: z.union([
    z.object({ path, model: path.optional() }).strict(),
    z.object({ upload: id, model: path.optional() }).strict(),
  ]),
  close: z.object({ session: id }).strict(),
  reopen: z.object({ session: id, model: path.optional() }).strict(),
  render: z.object({ session: id, which: z.enum(['colour', 'grey']) }).strict(),
  // A tile is at most 4096² (a 4K screen at 100 %): the UI asks for what is visible.
  renderTile: z
    .object({
      session: id,
      which: z.enum(['colour', 'grey']),
      x: coord,
      y: coord,
      width: z.number().int().min(1).max(4096),
      height: z.number().int().min(1).max(4096),
    })
    .strict(),
  setDocument: z.object({ session: id, document: EditDocumentSchema }).strict(),
  regions: z.object({ session: id }).strict(),
  regionAt: z.object({ session: id, x: coord, y: coord, level: z.number().finite().optional() }).strict(),
  sampleColour: z.object({ session: id, x: coord, y: coord }).strict(),
  chooseRegion: z
    .object({
      session: id,
      point: z.tuple([coord, coord]),
      level: z.number().finite(),
      swatch: z.number().int().min(0).max(4).optional(),
      ab: z.tuple([z.number().finite().min(-128).max(128), z.number().finite().min(-128).max(128)]).optional(),
    })
    .strict()
    .refine((o) => (o.swatch === undefined) !== (o.ab === undefined), {
      message: 'give either a swatch or an ab colour',
    }),
  export: z
    .object({
      session: id,
      path,
      format: z.enum(['tiff', 'png', 'jpeg']),
      bits: z.union([z.literal(8), z.literal(16)]),
    })
    .strict()
    .refine((o) => !(o.format === 'jpeg' && o.bits === 16), {
      message: 'JPEG is 8-bit only: use TIFF or PNG for 16 bits',
    }),
  saveProject: z.object({ session: id, path }).strict(),
  openProject: z.object({ path, model: path.optional() }).strict(),
  listRecoverable: empty,
  discardRecoverable: z.object({ path }).strict(),
  videoFrame: z
    .object({ session: id, frame: z.number().int().min(0).max(1e8), playing: z.boolean().optional() })
    .strict(),
  videoShots: z.object({ session: id }).strict(),
  planHints: z.object({ session: id }).strict(),
  exportVideo: z
    .object({
      session: id,
      path,
      kind: z.enum(['h264', 'ffv1']),
      // x264's quality scale: 0 lossless … 51 worst; 18 looks like the source.
      crf: z.number().int().min(0).max(51).optional(),
      from: z.number().int().min(0).max(1e8).optional(),
      to: z.number().int().min(0).max(1e8).optional(),
    })
    .strict()
    .refine((o) => o.from === undefined || o.to === undefined || o.from <= o.to, {
      message: 'the range ends before it starts',
    }),
} satisfies Record<Method, z.ZodType>;

export const METHODS = Object.keys(ParamsSchemas) as Method[];

/** A request as it arrives from a UI. */
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
  if (typeof method !== 'string' || !(method in ParamsSchemas))
    return { ok: false, error: `unknown request "${String(method).slice(0, 40)}"` };
  const parsed = ParamsSchemas[method as Method].safeParse(params ?? {});
  if (parsed.success) return { ok: true, method: method as Method, params: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, error: `bad ${method} request: ${issue.path.join('.') || 'params'}: ${issue.message}` };
}
