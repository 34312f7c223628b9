/**
 * One photo from file to file: load, colourise, export — through the same EditSession the editor
 * uses, so the CLI's result and the editor's export of an unedited photo are the same pixels.
 */
import { createHash } from 'node:crypto';
import type { ColorizeSettings, JobControl } from './stages.js';
import type { Colorizer } from '../models/colorizer-model.js';
import { DEFAULT_CONSISTENCY, type EditDocument, type RegionChoice, type Stroke } from '../document/edit-document.js';
import { EditSession, type SegmentFunction } from './edit-session.js';
import type { BitDepth, ExportFormat } from '../image/write-image.js';
import type { LoadOptions } from '../image/read-image.js';
import { decodeAhead } from '../image/decode-ahead.js';
import { bitsFor, exportRule } from '../image/export-formats.js';

export interface ColorizeFileOptions extends ColorizeSettings, LoadOptions {
  format: ExportFormat;
  bits?: BitDepth;
  /** Object consistency κ in [0,1]; the document's default when absent. */
  consistency?: number;
  /** Region choices and strokes to apply (a hints file or a project's document). */
  hints?: { regions?: RegionChoice[]; strokes?: Stroke[] };
  /** Recorded in the result's XMP, so `--resume` can tell it was made from this input this way. */
  provenance?: unknown;
  /** The photo the caller colourises next (a batch): decoded while this one is encoded (decode-ahead.ts). */
  next?: string;
}

export interface ColorizeFileResult {
  input: string;
  output: string;
  width: number;
  height: number;
  bits: BitDepth;
  notes: string[];
  /** The document the result was made with (what --project saves). */
  document: EditDocument;
}

/**
 * The settings that decide a result's pixels, with the defaults resolved, as a provenance records
 * them (batch/provenance.ts). Hints by hash: a changed stroke is another result. bits null: as the source.
 */
export function pixelSettings(opts: ColorizeFileOptions, model: Colorizer): Record<string, string | number | null> {
  const hints = opts.hints ? createHash('sha256').update(JSON.stringify(opts.hints)).digest('hex') : null;
  return {
    format: opts.format,
    // null: as the source, where the format leaves a choice (JPEG does not: 8).
    bits: opts.bits === undefined && exportRule(opts.format).bits.length > 1 ? null : bitsFor(opts.format, opts.bits),
    temperature: opts.temperature ?? model.defaultTemperature,
    consistency: opts.consistency ?? DEFAULT_CONSISTENCY,
    workingSize: opts.workingSize ?? model.spec.inputSize,
    hints,
  };
}

export async function colorizeFile(
  input: string,
  output: string,
  model: Colorizer,
  opts: ColorizeFileOptions,
  job: JobControl = {},
  segment: SegmentFunction | null = null,
): Promise<ColorizeFileResult> {
  const session = await EditSession.open(input, { colorizer: model, segment }, { ...opts, ...job });
  const doc = session.document();
  session.setDocument({
    ...doc,
    settings: {
      temperature: opts.temperature ?? doc.settings.temperature,
      consistency: opts.consistency ?? doc.settings.consistency,
    },
    regions: opts.hints?.regions ?? doc.regions,
    strokes: opts.hints?.strokes ?? doc.strokes,
  });
  // 16-bit sources keep 16 bits unless the user asked otherwise.
  const bits: BitDepth = bitsFor(opts.format, opts.bits ?? session.bitDepth);
  let next = opts.next;
  const onProgress: JobControl['onProgress'] = (stage, fraction) => {
    if (stage === 'encode' && next) decodeAhead(next, { pixelLimit: opts.pixelLimit });
    if (stage === 'encode') next = undefined;
    job.onProgress?.(stage, fraction);
  };
  await session.export(output, { format: opts.format, bits, provenance: opts.provenance }, { ...job, onProgress });
  return {
    input,
    output,
    width: session.width,
    height: session.height,
    bits,
    notes: session.notes,
    document: session.document(),
  };
}
