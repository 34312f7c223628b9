/**
 * The one list of the formats a photo is exported to, and their rules. The writer, the CLI's
 * --format and --bits, the api's export schema and the editor's export dialog (through the
 * `info` request) all read it, so a format or a rule is added here once. Pure data: no imports.
 */

export const EXPORT_FORMATS = ['tiff', 'png', 'jpeg'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export type BitDepth = 8 | 16;

export interface ExportFormatRule {
  format: ExportFormat;
  /** What the user reads in a menu. */
  label: string;
  /** The extension an output gets (first) and every one that names this format, lower case, with the dot. */
  extensions: readonly string[];
  /** The bit depths it can hold, the preferred first. */
  bits: readonly BitDepth[];
}

export const EXPORT_FORMAT_RULES: readonly ExportFormatRule[] = [
  { format: 'tiff', label: 'TIFF', extensions: ['.tif', '.tiff'], bits: [16, 8] },
  { format: 'png', label: 'PNG', extensions: ['.png'], bits: [16, 8] },
  // libjpeg (as sharp builds it) writes 8-bit samples only.
  { format: 'jpeg', label: 'JPEG', extensions: ['.jpg', '.jpeg'], bits: [8] },
];

export function exportRule(format: ExportFormat): ExportFormatRule {
  return EXPORT_FORMAT_RULES.find((r) => r.format === format)!;
}

/** The formats a film's frames may be written in (`--frames`): those that hold 16 bits. */
export type FrameFormat = Exclude<ExportFormat, 'jpeg'>;
export const FRAME_FORMATS = EXPORT_FORMAT_RULES.filter((r) => r.bits.includes(16)).map((r) => r.format as FrameFormat);

/** The extension a result in this format gets. */
export function extensionOf(format: ExportFormat): string {
  return exportRule(format).extensions[0];
}

/** The format a path's extension names, if any. */
export function formatFromPath(path: string): ExportFormat | undefined {
  const dot = path.lastIndexOf('.');
  if (dot < 0) return undefined;
  const ext = path.slice(dot).toLowerCase();
  return EXPORT_FORMAT_RULES.find((r) => r.extensions.includes(ext))?.format;
}

/** The format a CLI --format value names: a format or any of its extensions without the dot (tif, jpg). */
export function formatFromName(name: string): ExportFormat | undefined {
  const n = name.toLowerCase();
  return EXPORT_FORMAT_RULES.find((r) => r.format === n || r.extensions.includes(`.${n}`))?.format;
}

/** Every name --format accepts. */
export const FORMAT_NAMES: readonly string[] = [
  ...new Set(EXPORT_FORMAT_RULES.flatMap((r) => [r.format, ...r.extensions.map((e) => e.slice(1))])),
];

/** Null when the format holds that depth; else the one-line reason (the same wherever it is checked). */
export function bitsRefusal(format: ExportFormat, bits: BitDepth): string | null {
  const rule = exportRule(format);
  if (rule.bits.includes(bits)) return null;
  const holders = EXPORT_FORMAT_RULES.filter((r) => r.bits.includes(bits)).map((r) => r.label);
  return `${rule.label} is ${rule.bits.join('/')}-bit only: use ${holders.join(' or ')} for ${bits} bits`;
}

/** The depth a format is written at: the one asked for where it holds it, else its own (JPEG: 8). */
export function bitsFor(format: ExportFormat, bits: BitDepth | undefined): BitDepth {
  const rule = exportRule(format);
  return bits !== undefined && rule.bits.includes(bits) ? bits : rule.bits[0];
}
