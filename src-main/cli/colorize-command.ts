/** `tinct colorize`: one model load for the whole batch, a line per file, failures at the end. */
import { mkdir } from 'node:fs/promises';
import { assignOutputs, expandInputs, planOutput } from '../engine/batch/batch-files.js';
import { colorizeFile } from '../engine/session/colorize-file.js';
import { Colorizer } from '../engine/models/colorizer-model.js';
import { oneLine } from '../engine/errors.js';
import type { ColorizeOptions } from '../api/colorize-options.js';
import type { StageTimes } from '../engine/session/stages.js';
import { DEFAULT_COLORIZER } from '../engine/version.js';
import { makeReporter } from './progress.js';
import { resolve } from 'node:path';
import { readHints } from '../engine/document/hints-file.js';
import { writeProject } from '../engine/worker/project.js';
import { loadSegmentFunction } from '../engine/segmentation/segment-function.js';

export interface ColorizeCliOptions extends ColorizeOptions {
  output: string;
  /** A hints file (regions and strokes) applied to every photo. */
  hints?: string;
  /** Save the project too: true = beside each result, a string = this path (one input only). */
  project?: string | boolean;
  json: boolean;
  quiet: boolean;
}

/** Returns the process exit code: 0 all done, 1 any failed, 2 a request that cannot work. */
export async function runColorize(paths: string[], o: ColorizeCliOptions): Promise<number> {
  const report = makeReporter(process.stderr, o.quiet);
  const items = await expandInputs(paths);
  let plan, hints;
  try {
    plan = await planOutput(o.output, items.length, o.format);
    if (plan.format === 'jpeg' && o.bits === 16)
      throw new Error('JPEG is 8-bit only: use a .tif or .png output for 16 bits');
    if (typeof o.project === 'string' && items.length > 1)
      throw new Error('--project <file> takes one input; use --project alone to save one beside each result');
    if (o.hints) hints = await readHints(o.hints);
  } catch (err) {
    report.fail(oneLine(err));
    return 2; // the request itself is wrong: bad usage
  }
  if (plan.toFolder) await mkdir(o.output, { recursive: true }).catch(() => undefined);
  await assignOutputs(items, o.output, plan, o.overwrite);

  let model: Colorizer;
  try {
    model = await Colorizer.load(o.model ?? DEFAULT_COLORIZER, o.device);
  } catch (err) {
    report.fail(oneLine(err));
    return 1;
  }
  if (model.notice) report.notice(model.notice);
  const segment = await loadSegmentFunction(o.device, (m) => report.notice(m));

  const failures: string[] = [];
  for (const [i, it] of items.entries()) {
    report.start(i, items.length, it.input);
    const t0 = performance.now();
    const times: StageTimes = {};
    try {
      if (it.error) throw new Error(it.error);
      const r = await colorizeFile(
        it.input,
        it.output!,
        model,
        {
          format: plan.format,
          bits: o.bits,
          temperature: o.temperature,
          consistency: o.consistency,
          workingSize: o.workingSize,
          pixelLimit: o.maxPixels,
          hints,
          next: items.slice(i + 1).find((n) => !n.error)?.input,
        },
        { times, onProgress: (s) => report.stage(s) },
        segment,
      );
      if (o.project) {
        const projectPath =
          typeof o.project === 'string' ? o.project : it.output!.replace(/\.[^./\\]+$/, '') + '.tinct';
        await writeProject(projectPath, resolve(it.input), r.document);
      }
      const ms = Math.round(performance.now() - t0);
      for (const n of r.notes) report.notice(`${it.input}: ${n}`);
      report.done(`${it.input} -> ${r.output} (${r.width}×${r.height}, ${r.bits}-bit, ${(ms / 1000).toFixed(2)} s)`);
      if (o.json)
        printJson({
          input: it.input,
          output: r.output,
          ok: true,
          width: r.width,
          height: r.height,
          bits: r.bits,
          ms,
          times: roundTimes(times),
          notes: r.notes,
        });
    } catch (err) {
      const msg = oneLine(err);
      failures.push(msg);
      report.fail(msg);
      if (o.json) printJson({ input: it.input, output: it.output ?? null, ok: false, error: msg });
    }
  }
  await model.release();
  const ok = items.length - failures.length;
  if (failures.length > 0) {
    process.stderr.write(`tinct: ${ok} of ${items.length} colourised; ${failures.length} failed:\n`);
    for (const f of failures) process.stderr.write(`  ${f}\n`);
    return 1;
  }
  if (!o.quiet && items.length > 1) process.stderr.write(`tinct: ${ok} of ${items.length} colourised\n`);
  return 0;
}

function printJson(obj: unknown): void {
  process.stdout.write(JSON.stringify(obj) + '\n');
}

function roundTimes(t: StageTimes): StageTimes {
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, Math.round(v! * 10) / 10]));
}
