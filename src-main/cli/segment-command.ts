/**
 * `tinct segment <image> -o labels.png [--ucm ucm.png] [--level L | --regions N]`: the region
 * hierarchy of one photo as a 16-bit label map (labels 1..N, the photo's own size) and, if asked,
 * its ultrametric contour map. Same contract as `tinct colorize`: a bad file gets one line naming
 * it and the reason and exit 1; bad usage exits 2 (every usage check here is a commander error).
 */
import { realpath, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { numberOption } from './number-option.js';
import { TinctError, oneLine } from '../engine/errors.js';
import { DEFAULT_PIXEL_LIMIT } from '../engine/image/read-image.js';
import { DEVICES, type Device } from '../engine/models/onnx-session.js';
import { Segmenter } from '../engine/models/segmenter-model.js';
import { DEFAULT_LEVEL } from '../engine/segmentation/defaults.js';
import { greyFormatFromPath } from '../engine/segmentation/label-image.js';
import { segmentFile } from '../engine/segmentation/segment-file.js';
import type { SegmentTimes } from '../engine/segmentation/segment-image.js';
import { DEFAULT_SEGMENTER } from '../engine/version.js';
import { makeReporter } from './progress.js';

export interface SegmentCliOptions {
  output: string;
  ucm?: string;
  level?: number;
  regions?: number;
  model?: string;
  workingSize?: number;
  maxPixels: number;
  device: Device;
  overwrite: boolean;
  json: boolean;
  quiet: boolean;
}

function greyImagePath(value: string): string {
  if (!greyFormatFromPath(value))
    throw new InvalidArgumentError(`"${value}" must end in .png or .tif (a 16-bit grey image).`);
  return value;
}

/** Registers `segment` on the program, so it inherits the program's exit and output handling. */
export function addSegmentCommand(program: Command): void {
  program
    .command('segment')
    .description('split a photo into regions: a 16-bit label map (labels 1..N) and optionally the UCM')
    .argument('<image>', 'the photo')
    .requiredOption('-o, --output <labels.png>', '16-bit label map (.png or .tif)', greyImagePath)
    .option('--ucm <ucm.png>', 'also write the ultrametric contour map, levels scaled to 0..65535', greyImagePath)
    .addOption(
      new Option(
        '--level <L>',
        `threshold on merge strength in [0,1] (default ${DEFAULT_LEVEL}, the best on BSDS500 val)`,
      )
        .argParser(numberOption('--level', (v) => v >= 0 && v <= 1, 'in [0, 1]'))
        .conflicts('regions'),
    )
    .addOption(
      new Option('--regions <N>', 'the finest level with at most N regions').argParser(
        numberOption('--regions', (v) => Number.isInteger(v) && v >= 1 && v <= 65535, 'an integer in 1..65535'),
      ),
    )
    .option('--model <path.onnx>', 'segmenter model (with its .json manifest beside it)')
    .option(
      '--working-size <N>',
      'long side of the working image (at most 1 MP)',
      numberOption('--working-size', (v) => Number.isInteger(v) && v >= 16 && v <= 4096, 'an integer in 16..4096'),
    )
    .option(
      '--max-pixels <N>',
      'refuse images larger than this many pixels',
      numberOption('--max-pixels', (v) => v >= 1, 'a positive number'),
      DEFAULT_PIXEL_LIMIT,
    )
    .addOption(new Option('--device <device>', 'execution provider').choices([...DEVICES]).default('cpu'))
    .option('--overwrite', 'replace outputs that already exist', false)
    .option('--json', 'print one JSON line on stdout', false)
    .option('-q, --quiet', 'print only errors', false)
    .action(async (image: string, o: SegmentCliOptions) => {
      process.exitCode = await runSegment(image, o);
    });
}

/** Returns the exit code: 0 done, 1 the photo, the model or an output failed. */
export async function runSegment(image: string, o: SegmentCliOptions): Promise<number> {
  const report = makeReporter(process.stderr, o.quiet);
  const fail = (msg: string) => {
    report.fail(msg);
    if (o.json) process.stdout.write(JSON.stringify({ input: image, output: o.output, ok: false, error: msg }) + '\n');
    return 1;
  };
  try {
    await checkOutputs(image, [o.output, ...(o.ucm ? [o.ucm] : [])], o.overwrite);
  } catch (err) {
    return fail(oneLine(err));
  }
  let model: Segmenter;
  try {
    model = await Segmenter.load(o.model ?? DEFAULT_SEGMENTER, o.device);
  } catch (err) {
    return fail(oneLine(err));
  }
  if (model.notice) report.notice(model.notice);
  try {
    const t0 = performance.now();
    const times: SegmentTimes & { decode?: number; encode?: number } = {};
    const r = await segmentFile(
      image,
      o.output,
      model,
      {
        level: o.level,
        regions: o.regions,
        ucm: o.ucm,
        workingSize: o.workingSize,
        pixelLimit: o.maxPixels,
      },
      times,
    );
    const ms = Math.round(performance.now() - t0);
    for (const n of r.notes) report.notice(`${image}: ${n}`);
    report.done(
      `${image} -> ${r.output} (${r.width}×${r.height}, ${r.regions} regions at level ` +
        `${r.level.toFixed(3)}, ${(ms / 1000).toFixed(2)} s)`,
    );
    if (o.json) {
      const rounded = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, Math.round(v * 10) / 10]));
      process.stdout.write(JSON.stringify({ ...r, ok: true, ms, times: rounded }) + '\n');
    }
    return 0;
  } catch (err) {
    // Messages from the pipeline name their file; anything else is about the input photo.
    return fail(err instanceof TinctError && err.file ? oneLine(err) : `${image}: ${oneLine(err)}`);
  } finally {
    await model.release();
  }
}

/** Never overwrite the input; never overwrite an existing output unless asked; two outputs must differ. */
async function checkOutputs(image: string, outputs: string[], overwrite: boolean): Promise<void> {
  const input = await realpath(image).catch(() => resolve(image));
  const seen = new Set<string>();
  for (const out of outputs) {
    const abs = await realpath(out).catch(() => resolve(out));
    if (abs === input) throw new TinctError(image, `output ${out} would overwrite the input`);
    if (seen.has(abs)) throw new TinctError(out, 'is given as both the label map and the UCM');
    seen.add(abs);
    if (!overwrite && (await stat(out).catch(() => null)))
      throw new TinctError(out, 'already exists (use --overwrite to replace it)');
  }
}
