/**
 * The options of a colourisation request, as every transport (CLI, desktop app, browser shell)
 * hands them to the engine. Validated here once, so a bad value is refused with the same message
 * whoever sent it.
 */
import { z } from 'zod';
import { DEVICES } from '../engine/models/onnx-session.js';

export const ColorizeOptionsSchema = z
  .object({
    format: z.enum(['tiff', 'png', 'jpeg']).optional(),
    bits: z.union([z.literal(8), z.literal(16)]).optional(),
    temperature: z.number().gt(0).max(10).optional(),
    consistency: z.number().min(0).max(1).optional(),
    workingSize: z.number().int().min(16).max(4096).optional(),
    maxPixels: z.number().positive(),
    device: z.enum(DEVICES),
    model: z.string().min(1).optional(),
    overwrite: z.boolean(),
  })
  .refine((o) => !(o.format === 'jpeg' && o.bits === 16), {
    message: 'JPEG is 8-bit only: use TIFF or PNG for 16 bits',
  });

export type ColorizeOptions = z.infer<typeof ColorizeOptionsSchema>;
