/**
 * `tinct`, the command line over the engine. Exit codes: 0 all succeeded, 1 any file failed (the
 * rest still done), 2 bad usage.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { numberOption } from './number-option.js';
import { oneLine } from '../engine/errors.js';
import { FORMAT_NAMES, formatFromName, FRAME_FORMATS } from '../engine/image/export-formats.js';
import { DEFAULT_PIXEL_LIMIT } from '../engine/image/read-image.js';
import { DEVICES } from '../engine/models/onnx-session.js';
import { VERSION } from '../engine/version.js';
import { DEFAULT_CONSISTENCY } from '../engine/document/edit-document.js';
import { ColorizeOptionsSchema } from '../api/colorize-options.js';
import { runColorize } from './colorize-command.js';
import { addSegmentCommand } from './segment-command.js';
import { parseShard, type Shard } from '../engine/batch/shard.js';
import { addModelsCommand } from './models-command.js';

class UsageError extends Error {}

function shardOption(value: string): Shard {
  try {
    return parseShard(value);
  } catch (err) {
    throw new InvalidArgumentError(oneLine(err));
  }
}

export function buildProgram(): Command {
  const program = new Command('tinct')
    .description('Bring black-and-white photos to colour.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program
    .command('colorize')
    .description('colourise photos and write full-resolution results')
    .argument('<paths...>', 'image or video files, or folders of them')
    .requiredOption('-o, --output <path>', 'output file (one input) or folder')
    .addOption(new Option('--format <format>', 'output format').choices(FORMAT_NAMES))
    .addOption(new Option('--bits <bits>', 'bits per sample (TIFF and PNG)').choices(['8', '16']))
    .option(
      '--temperature <T>',
      "annealed-mean temperature, > 0 (default: the model's, 0.5 for the shipped one; lower: vivid, 1: the mean)",
      numberOption('--temperature', (v) => v > 0 && v <= 10, 'in (0, 10]'),
    )
    .option(
      '--consistency <k>',
      `object consistency κ in [0,1]: 0 per pixel, 1 one colour distribution per region (default ${DEFAULT_CONSISTENCY})`,
      numberOption('--consistency', (v) => v >= 0 && v <= 1, 'in [0, 1]'),
    )
    .option('--hints <file.json>', 'region choices and brush strokes to apply (or a .tinct project)')
    .option('--project [file.tinct]', 'also save the editable project (default: beside each result)')
    .option(
      '--model <path.onnx>',
      "colorizer model: Tinct's, Zhang et al.'s, an ab or RGB model (a .json manifest beside it is optional)",
    )
    .option(
      '--working-size <N>',
      'long side of the network input in pixels',
      numberOption('--working-size', (v) => Number.isInteger(v) && v >= 16 && v <= 4096, 'an integer in 16..4096'),
    )
    .option(
      '--max-pixels <N>',
      'refuse images larger than this many pixels',
      numberOption('--max-pixels', (v) => v >= 1, 'a positive number'),
      DEFAULT_PIXEL_LIMIT,
    )
    .addOption(new Option('--device <device>', 'execution provider').choices([...DEVICES]).default('cpu'))
    .option(
      '--temporal <mu>',
      'video: how strongly each frame remembers the ones before, in [0,1] (0: frame by frame)',
      numberOption('--temporal', (v) => v >= 0 && v <= 1, 'in [0, 1]'),
    )
    .option(
      '--crf <N>',
      'video: H.264 quality, 0 (lossless) .. 51 (worst)',
      numberOption('--crf', (v) => Number.isInteger(v) && v >= 0 && v <= 51, 'an integer in 0..51'),
      18,
    )
    .option('--lossless', 'video: archival lossless FFV1, 16-bit RGB, in .mkv', false)
    .addOption(
      new Option('--frames <format>', 'video: write a folder of frames instead of a video').choices(FRAME_FORMATS),
    )
    .option('--sequence', 'input folders are frame sequences, one clip each', false)
    .option(
      '--fps <N>',
      'frame rate of a frame sequence',
      numberOption('--fps', (v) => v > 0 && v <= 1000, 'in (0, 1000]'),
      24,
    )
    .option('--ffmpeg <path>', 'video: use this ffmpeg (and the ffprobe beside it) instead of the bundled one')
    .option('--overwrite', 'replace outputs that already exist', false)
    .option('--resume', 'skip inputs whose output is complete and made the same way; redo the rest', false)
    .option('--shard <i/n>', 'take share i of n of the inputs (for n processes or machines)', shardOption)
    .option('--report <file.jsonl>', 'append a JSON line per input (done, skipped, failed) to this file')
    .option('--json', 'print one JSON line per file on stdout', false)
    .option('-q, --quiet', 'print only errors', false)
    .action(async (paths: string[], o) => {
      const parsed = ColorizeOptionsSchema.safeParse({
        ...o,
        format: o.format ? formatFromName(o.format) : undefined,
        bits: o.bits ? Number(o.bits) : undefined,
      });
      if (!parsed.success) throw new UsageError(parsed.error.issues[0].message);
      process.exitCode = await runColorize(paths, {
        ...parsed.data,
        output: o.output,
        json: o.json,
        quiet: o.quiet,
        hints: o.hints,
        project: o.project,
        sequence: o.sequence,
        video: {
          temporal: o.temporal,
          crf: o.crf,
          lossless: o.lossless,
          frames: o.frames,
          bits: o.bits ? (Number(o.bits) as 8 | 16) : undefined,
          fps: o.fps,
          ffmpeg: o.ffmpeg,
        },
        resume: o.resume,
        shard: o.shard,
        report: o.report,
      });
    });
  addSegmentCommand(program);
  addModelsCommand(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return Number(process.exitCode ?? 0);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`tinct: error: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`tinct: error: ${oneLine(err)}\n`);
    return 1;
  }
}

// Run when executed directly (bin/tinct.js or tsx), not when imported by tests.
if (process.argv[1] && /cli[\\/]main\.(ts|js)$/.test(process.argv[1])) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
