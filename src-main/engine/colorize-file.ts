/** One photo from file to file: load, colourise, export. The unit a batch is made of. */
import { colorize, timed, type ColorizeSettings, type JobControl } from './colorize.js';
import type { Colorizer } from './colorizer.js';
import { writeImage, type BitDepth, type ExportFormat } from './export.js';
import { loadImage, type LoadOptions } from './image-load.js';
import { VERSION } from './version.js';

export interface ColorizeFileOptions extends ColorizeSettings, LoadOptions {
  format: ExportFormat;
  bits?: BitDepth;
}

export interface ColorizeFileResult {
  input: string;
  output: string;
  width: number;
  height: number;
  bits: BitDepth;
  notes: string[];
}

export async function colorizeFile(input: string, output: string, model: Colorizer, opts: ColorizeFileOptions, job: JobControl = {}): Promise<ColorizeFileResult> {
  job.onProgress?.('decode', 0);
  const img = await timed(job.times, 'decode', () => loadImage(input, opts));
  const lab = await colorize(img, model, opts, job);
  // 16-bit sources keep 16 bits unless the user asked otherwise.
  const bits: BitDepth = opts.format === 'jpeg' ? 8 : opts.bits ?? img.bitDepth;
  job.onProgress?.('encode', 0);
  const settings = {
    model: model.manifest.name,
    modelVersion: model.manifest.version,
    temperature: opts.temperature ?? model.defaultTemperature,
    workingSize: opts.workingSize ?? model.manifest.inputSize,
  };
  await timed(job.times, 'encode', () => writeImage(output, lab, { format: opts.format, bits, settings: { tinct: VERSION, ...settings } }));
  return { input, output, width: img.width, height: img.height, bits, notes: img.notes };
}
