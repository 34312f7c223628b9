/**
 * `tinct colorize`: one model load for the whole batch, a line per file, failures at the end.
 * Long batches: --resume skips outputs that are already this run's result (read from their
 * provenance), --shard i/n takes one share of the inputs, --report appends a JSON line per input.
 */
import { mkdir } from 'node:fs/promises';
import { assignOutputs, expandInputs, planOutput, type BatchItem } from '../engine/batch/batch-files.js';
import { BatchReport, readReport, reportKey, type ReportLine } from '../engine/batch/batch-report.js';
import { inputIdentity, PROVENANCE_FORMAT, type Provenance } from '../engine/batch/provenance.js';
import { isCompleteOutput, removeStalePartials, type ResumeCheck } from '../engine/batch/resume.js';
import { inShard, type Shard } from '../engine/batch/shard.js';
import { colorizeFile, pixelSettings, type ColorizeFileOptions } from '../engine/session/colorize-file.js';
import { Colorizer } from '../engine/models/colorizer-model.js';
import { modelIdentity } from '../engine/models/model-identity.js';
import { oneLine } from '../engine/errors.js';
import { bitsRefusal } from '../engine/image/export-formats.js';
import type { ColorizeOptions } from '../api/colorize-options.js';
import type { StageTimes } from '../engine/session/stages.js';
import { DEFAULT_COLORIZER } from '../engine/version.js';
import { makeReporter } from './progress.js';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { userModelsDir } from '../engine/models/model-library.js';
import { readHints } from '../engine/document/hints-file.js';
import { readProject, writeProject } from '../engine/worker/project.js';
import { loadSegmentFunction, segmenterIdentity } from '../engine/segmentation/segment-function.js';
import { splitVideoInputs } from '../engine/batch/video-inputs.js';
import { runColorizeVideos, type BatchCounts, type VideoCliOptions } from './video-command.js';

export interface ColorizeCliOptions extends ColorizeOptions {
  output: string;
  /** A hints file (regions and strokes) applied to every photo. */
  hints?: string;
  /** Save the project too: true = beside each result, a string = this path (one input only). */
  project?: string | boolean;
  json: boolean;
  quiet: boolean;
  /** Skip inputs whose output is complete and made the same way; redo the rest. */
  resume?: boolean;
  /** Only this share of the inputs. */
  shard?: Shard;
  /** Append a JSON line per input to this file. */
  report?: string;
  /** Films: see video-command.ts. */
  video: Omit<
    VideoCliOptions,
    'output' | 'model' | 'device' | 'overwrite' | 'json' | 'hints' | 'temperature' | 'consistency' | 'workingSize'
  >;
  /** Input folders are frame sequences (one clip each). */
  sequence?: boolean;
}

/** Returns the process exit code: 0 all done, 1 any failed, 2 a request that cannot work. */
export async function runColorize(paths: string[], o: ColorizeCliOptions): Promise<number> {
  const report = makeReporter(process.stderr, o.quiet);
  const split = await splitVideoInputs(paths, o.sequence ?? false);
  const all = await expandInputs(split.photos);
  let plan, hints, log: BatchReport | undefined;
  try {
    plan = await planOutput(o.output, all.length + split.videos.length, o.format);
    const refusal = o.bits ? bitsRefusal(plan.format, o.bits) : null;
    if (refusal) throw new Error(refusal);
    if (typeof o.project === 'string' && all.length > 1)
      throw new Error('--project <file> takes one input; use --project alone to save one beside each result');
    if (o.resume && o.overwrite)
      throw new Error('--resume keeps complete outputs, --overwrite redoes them all: use one of them');
    if (o.hints) hints = await readHints(o.hints);
    if (o.report) log = BatchReport.open(o.report);
  } catch (err) {
    report.fail(oneLine(err));
    return 2; // the request itself is wrong: bad usage
  }
  const shardText = o.shard ? `${o.shard.index}/${o.shard.count}` : undefined;
  const record = (line: ReportLine) => log?.append({ ...line, shard: shardText });
  const counts: BatchCounts = { done: 0, skipped: 0, failed: 0 };
  const failures: string[] = [];
  if (split.videos.length) {
    await runColorizeVideos(
      split.videos,
      { ...o, ...o.video, hints },
      report,
      split.videos.length === 1 && all.length === 0,
      { resume: !!o.resume, shard: o.shard, record, counts, failures },
    );
    if (!all.length) return finish(log, counts, failures, split.videos.length, o, shardText);
  }
  if (plan.toFolder) await mkdir(o.output, { recursive: true }).catch(() => undefined);
  // Outputs are planned over all inputs, so every shard sees the same clashes between names.
  await assignOutputs(all, o.output, plan, o.overwrite || !!o.resume);
  const items = all.filter((it) => inShard(it.key, o.shard));

  let model: Colorizer;
  try {
    // A project given as hints colours with the model it was made with, unless --model says otherwise.
    const fromProject = !o.model && hints?.model && hints.model !== DEFAULT_COLORIZER ? hints.model : undefined;
    if (fromProject && !existsSync(fromProject)) {
      report.notice(`${o.hints}: made with ${fromProject}, which is not there; using the built-in model`);
    }
    const path = o.model
      ? findModel(o.model)
      : fromProject && existsSync(fromProject)
        ? fromProject
        : DEFAULT_COLORIZER;
    model = await Colorizer.load(path, o.device);
  } catch (err) {
    report.fail(oneLine(err));
    log?.close();
    return 1;
  }
  if (model.notice) report.notice(model.notice);
  if (model.path !== DEFAULT_COLORIZER) {
    const how = model.alternatives
      ? 'colour distributions'
      : `one colour per pixel (${model.spec.kind}), no alternatives`;
    report.notice(`model ${model.spec.name}: ${how}, described by ${model.spec.source}`);
  }
  const segment = await loadSegmentFunction(o.device, (m) => report.notice(m));
  const fileOptions: ColorizeFileOptions = {
    format: plan.format,
    bits: o.bits,
    temperature: o.temperature,
    consistency: o.consistency,
    workingSize: o.workingSize,
    pixelLimit: o.maxPixels,
    hints,
  };
  const made = {
    model: await modelIdentity(model.path, model.spec),
    segmenter: segment ? await segmenterIdentity() : null,
    settings: pixelSettings(fileOptions, model),
  };

  let reported = new Set<string>();
  if (o.resume) {
    const removed = await removeStalePartials(items.flatMap((it) => (it.output ? [it.output] : [])));
    if (removed > 0) report.notice(`removed ${removed} temporary file(s) left by a run that was stopped`);
    if (log) {
      const lines = await readReport(log.path);
      reported = new Set(lines.filter((l) => l.status === 'done').map((l) => reportKey(l.input, l.output)));
    }
  }

  for (const [i, it] of items.entries()) {
    report.start(i, items.length, it.input);
    const t0 = performance.now();
    const times: StageTimes = {};
    try {
      if (it.error) throw new Error(it.error);
      const input = await inputIdentity(it.input);
      const provenance: Provenance | undefined = input ? { format: PROVENANCE_FORMAT, input, ...made } : undefined;
      const projectPath = projectPathFor(it, o.project);
      let redone: string | undefined;
      if (o.resume && provenance) {
        const check = await alreadyDone(it.output!, provenance, projectPath);
        if (check.complete) {
          counts.skipped++;
          // A run killed between writing a result and its report line: the result is done, say so once.
          const known = reported.has(reportKey(it.input, it.output!));
          record({
            input: it.input,
            output: it.output!,
            status: known ? 'skipped' : 'done',
            reason: known ? 'complete' : 'complete, made by an earlier run (not in this report yet)',
            model: made.model,
            settings: made.settings,
          });
          report.done(`${it.input}: skipped, ${it.output} is complete`);
          if (o.json) printJson({ input: it.input, output: it.output, ok: true, status: 'skipped' });
          continue;
        }
        redone = check.exists ? check.reason : undefined;
        if (redone) report.notice(`${it.output}: redoing it: ${redone}`);
      }
      const r = await colorizeFile(
        it.input,
        it.output!,
        model,
        { ...fileOptions, provenance, next: items.slice(i + 1).find((n) => !n.error)?.input },
        { times, onProgress: (s) => report.stage(s) },
        segment,
      );
      if (projectPath)
        await writeProject(projectPath, resolve(it.input), r.document, { ...model.record, path: resolve(model.path) });
      const ms = Math.round(performance.now() - t0);
      counts.done++;
      record({
        input: it.input,
        output: r.output,
        status: 'done',
        ms,
        model: made.model,
        settings: made.settings,
        ...(redone ? { reason: `redone: ${redone}` } : {}),
      });
      for (const n of r.notes) report.notice(`${it.input}: ${n}`);
      report.done(`${it.input} -> ${r.output} (${r.width}×${r.height}, ${r.bits}-bit, ${(ms / 1000).toFixed(2)} s)`);
      if (o.json)
        printJson({
          input: it.input,
          output: r.output,
          ok: true,
          status: 'done',
          width: r.width,
          height: r.height,
          bits: r.bits,
          ms,
          times: roundTimes(times),
          notes: r.notes,
          model: model.spec.name,
        });
    } catch (err) {
      const msg = oneLine(err);
      counts.failed++;
      failures.push(msg);
      record({ input: it.input, output: it.output ?? null, status: 'failed', reason: msg });
      report.fail(msg);
      if (o.json) printJson({ input: it.input, output: it.output ?? null, ok: false, status: 'failed', error: msg });
    }
  }
  await model.release();
  return finish(log, counts, failures, all.length + split.videos.length, o, shardText, items.length);
}

/** The end of a batch: the report closed, the summary and what failed on stderr; the exit code. */
function finish(
  log: BatchReport | undefined,
  counts: BatchCounts,
  failures: string[],
  total: number,
  o: ColorizeCliOptions,
  shardText: string | undefined,
  photosInShard = 0,
): number {
  log?.close();
  const mine = photosInShard + (counts.videosInShard ?? 0);
  const of = shardText ? `shard ${shardText}: ${mine} of ${total} inputs` : `${total} inputs`;
  const summary = `tinct: ${of}: ${counts.done} done, ${counts.skipped} skipped, ${counts.failed} failed`;
  const batchLike = total > 1 || o.resume || o.shard || o.report;
  if (failures.length > 0) {
    process.stderr.write(`${summary}:\n`);
    for (const f of failures) process.stderr.write(`  ${f}\n`);
    return 1;
  }
  if (!o.quiet && batchLike) process.stderr.write(`${summary}\n`);
  return 0;
}

/** --resume: the output (and its project, when one is saved) is this run's result already, or why not. */
async function alreadyDone(
  output: string,
  expected: Provenance,
  projectPath: string | undefined,
): Promise<ResumeCheck> {
  const check = await isCompleteOutput(output, expected);
  if (!check.complete || !projectPath) return check;
  const projectOk = await readProject(projectPath).then(
    () => true,
    () => false,
  );
  return projectOk
    ? check
    : { complete: false, exists: true, reason: `its project ${projectPath} is missing or unreadable` };
}

function projectPathFor(it: BatchItem, project: string | boolean | undefined): string | undefined {
  if (!project) return undefined;
  return typeof project === 'string' ? project : it.output!.replace(/\.[^./\\]+$/, '') + '.tinct';
}

/** A path, or the name of a model in the user's models folder (`--model ddcolor`). */
function findModel(name: string): string {
  if (existsSync(name) || /[\\/]/.test(name)) return name;
  const mine = join(userModelsDir(), name.endsWith('.onnx') ? name : `${name}.onnx`);
  return existsSync(mine) ? mine : name;
}

function printJson(obj: unknown): void {
  process.stdout.write(JSON.stringify(obj) + '\n');
}

function roundTimes(t: StageTimes): StageTimes {
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, Math.round(v! * 10) / 10]));
}
