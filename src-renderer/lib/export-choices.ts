/**
 * The export dialog's choices, made from the engine's list of formats and their rules (the `info`
 * answer, engine/image/export-formats.ts): one choice per format and bit depth it holds.
 */
import type { ExportFormat, ExportFormatRule } from '../../src-main/api/protocol.js';

export interface ExportChoice {
  /** The <select>'s value: the format, with the depth where it has more than one (tiff16, png8, jpeg). */
  key: string;
  format: ExportFormat;
  bits: 8 | 16;
  ext: string;
  label: string;
}

export function exportChoices(rules: readonly ExportFormatRule[]): ExportChoice[] {
  return rules.flatMap((r) =>
    r.bits.map((bits) => {
      const several = r.bits.length > 1;
      return {
        key: several ? `${r.format}${bits}` : r.format,
        format: r.format,
        bits,
        ext: r.extensions[0],
        label: several ? `${r.label}, ${bits}-bit` : r.label,
      };
    }),
  );
}

/** The path with its export extension (any format's) replaced by `ext`. */
export function withExtension(path: string, rules: readonly ExportFormatRule[], ext: string): string {
  const lower = path.toLowerCase();
  const old = rules.flatMap((r) => r.extensions).find((e) => lower.endsWith(e));
  return (old ? path.slice(0, -old.length) : path) + ext;
}
