/**
 * The export formats as the contract speaks of them, built from the engine's one list
 * (engine/image/export-formats.ts): the `export` request's format and bits, and the rules the
 * `info` answer hands the editor's export dialog.
 */
import { z } from 'zod';
import { EXPORT_FORMATS } from '../../engine/image/export-formats.js';

export const ExportFormatSchema = z.enum(EXPORT_FORMATS);
export const BitDepthSchema = z.union([z.literal(8), z.literal(16)]);

export const ExportFormatRuleSchema = z.object({
  format: ExportFormatSchema,
  label: z.string(),
  extensions: z.array(z.string()).readonly(),
  bits: z.array(BitDepthSchema).readonly(),
});
export type ExportFormatRule = z.infer<typeof ExportFormatRuleSchema>;
