/**
 * The options of a colourisation request, as every transport (CLI, desktop app, browser shell)
 * hands them to the engine. Validated here once, so a bad value is refused with the same message
 * whoever sent it.
 */
import { z } from 'zod';
import { bitsRefusal } from '../engine/image/export-formats.js';
import { DEVICES } from '../engine/models/onnx-session.js';
import { BitDepthSchema, ExportFormatSchema } from './contract/export-format.js';

export const ColorizeOptionsSchema = z
  .object({
    format: ExportFormatSchema.optional(),
    bits: BitDepthSchema.optional(),
    temperature: z.number().gt(0).max(10).optional(),
    consistency: z.number().min(0).max(1).optional(),
    workingSize: z.number().int().min(16).max(4096).optional(),
    maxPixels: z.number().positive(),
    device: z.enum(DEVICES),
    model: z.string().min(1).optional(),
    overwrite: z.boolean(),
  })
  .superRefine((o, ctx) => {
    const refusal = o.format && o.bits ? bitsRefusal(o.format, o.bits) : null;
    if (refusal) ctx.addIssue({ code: 'custom', message: refusal, path: ['bits'] });
  });

export type ColorizeOptions = z.infer<typeof ColorizeOptionsSchema>;
