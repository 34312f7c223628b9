/**
 * `tinct colorize` for films: one model load for all clips, progress per clip (frames, frames/s,
 * ETA), Ctrl+C leaves no partial output, a bad clip is reported and the rest still done. Long
 * batches as for photos: --shard takes the same share, --resume skips a clip whose output records
 * (in its comment tag) that it was made from the same input, models and settings, --report lines.
 */
import { mkdir, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { Colorizer } from '../engine/models/colorizer-model.js';
import type { FrameFormat } from '../engine/image/export-formats.js';
import { loadSegmentFunction } from '../engine/segmentation/segment-function.js';
import { CancelledError, TinctError, oneLine } from '../engine/errors.js';
import { DEFAULT_COLORIZER, VERSION } from '../engine/version.js';
import { ffmpegTools } from '../engine/video/ffmpeg-tools.js';
import { probeVideo } from '../engine/video/probe.js';
import { probeSequence } from '../engine/video/frame-reader.js';
import { colourFrames, DEFAULT_TEMPORAL } from '../engine/video/colorize-video.js';
import { checkVideoTarget, writeVideo, type VideoOutput } from '../engine/video/video-writer.js';
import { videoOutputName, type VideoItem } from '../engine/batch/video-inputs.js';
import type { Hints } from '../engine/video/hint-tracks.js';
import type { Device } from '../engine/models/onnx-session.js';
import type { Reporter } from './progress.js';
import type { ReportLine } from '../engine/batch/batch-report.js';
import { inputIdentity, PROVENANCE_FORMAT, type Provenance } from '../engine/batch/provenance.js';
import { isCompleteOutput } from '../engine/batch/resume.js';
import { inShard, type Shard } from '../engine/batch/shard.js';
import { modelIdentity } from '../engine/models/model-identity.js';
import { segmenterIdentity } from '../engine/segmentation/segment-function.js';
import { readVideoOutput } from '../engine/video/video-provenance.js';

export interface VideoCliOptions {
  output: string;
  temporal?: number;
  crf: number;
  lossless: boolean;
  frames?: FrameFormat;
  bits?: 8 | 16;
  fps: number;
  ffmpeg?: string;
  temperature?: number;
  consistency?: number;
  workingSize?: number;
  model?: string;
  device: Device;
  overwrite: boolean;
  json: boolean;
  hints?: Hints;
}

export interface BatchCounts {
  done: number;
  skipped: number;
  failed: number;
  videosInShard?: number;
}

/** What the photo batch shares with the clips: the shard, resume, the report and the tallies. */
export interface VideoBatch {
  resume: boolean;
  shard?: Shard;
  record: (line: ReportLine) => void;
  counts: BatchCounts;
  failures: string[];
}

function outputKind(o: VideoCliOptions): VideoOutput {
  if (o.frames) return { kind: 'frames', format: o.frames, bits: o.bits ?? 16 };
  return o.lossless ? { kind: 'ffv1' } : { kind: 'h264', crf: o.crf };
}

/** Colours the clips of `batch.shard`, adding to the batch's tallies, report and failures. */
export async function runColorizeVideos(
  all: VideoItem[],
  o: VideoCliOptions,
  report: Reporter,
  single: boolean,
  batch: VideoBatch,
): Promise<void> {
  const out = outputKind(o);
  const { failures, counts, record } = batch;
  const items = all.filter((it) => inShard(basename(it.input), batch.shard));
  counts.videosInShard = items.length;
  if (!items.length) return;
  let tools, model: Colorizer;
  try {
    tools = ffmpegTools(o.ffmpeg);
    model = await Colorizer.load(o.model ?? DEFAULT_COLORIZER, o.device);
  } catch (err) {
    report.fail(oneLine(err));
    for (const it of items) {
      failures.push(`${it.input}: not done (${oneLine(err)})`);
      counts.failed++;
      record({ input: it.input, output: null, status: 'failed', reason: oneLine(err) });
    }
    return;
  }
  const segment = await loadSegmentFunction(o.device, (m) => report.notice(m));
  const temporal = o.temporal ?? DEFAULT_TEMPORAL;
  // The settings that change the pixels, resolved: what --resume compares.
  const pixelSettings = {
    temporal,
    temperature: o.temperature ?? model.defaultTemperature,
    consistency: o.consistency ?? 1,
    workingSize: o.workingSize ?? model.spec.inputSize,
    output: out.kind === 'h264' ? `h264 crf ${out.crf}` : out.kind,
    hints: o.hints ? JSON.stringify(o.hints) : null,
  };
  const made = {
    model: await modelIdentity(model.path, model.spec),
    segmenter: segment ? await segmenterIdentity() : null,
    settings: pixelSettings,
  };
  const st = await stat(o.output).catch(() => null);
  const toFolder =
    !single || !!st?.isDirectory() || /[/\\]$/.test(o.output) || (out.kind !== 'frames' && !extname(o.output));
  if (toFolder) await mkdir(o.output, { recursive: true }).catch(() => undefined);

  const ac = new AbortController();
  const onSigint = () => ac.abort();
  process.once('SIGINT', onSigint);
  try {
    for (const [i, it] of items.entries()) {
      report.start(i, items.length, it.input);
      const target = toFolder ? join(o.output, videoOutputName(it.input, out.kind)) : o.output;
      const t0 = performance.now();
      try {
        if (resolve(target) === resolve(it.input))
          throw new TinctError(it.input, `output ${target} would overwrite the input`);
        const input = it.sequence ? null : await inputIdentity(it.input);
        const provenance: Provenance | undefined = input ? { format: PROVENANCE_FORMAT, input, ...made } : undefined;
        let redone: string | undefined;
        if (batch.resume && provenance && out.kind !== 'frames') {
          const check = await isCompleteOutput(target, provenance, (p) => readVideoOutput(p, tools));
          if (check.complete) {
            counts.skipped++;
            record({ input: it.input, output: target, status: 'skipped', reason: 'complete', ...made });
            report.done(`${it.input}: skipped, ${target} is complete`);
            if (o.json) printJson({ input: it.input, output: target, ok: true, status: 'skipped' });
            continue;
          }
          redone = check.exists ? check.reason : undefined;
          if (redone) report.notice(`${target}: redoing it: ${redone}`);
        } else if (!o.overwrite && !batch.resume && (await stat(target).catch(() => null)))
          throw new TinctError(target, 'already exists (use --overwrite to replace it)');
        checkVideoTarget(target, out);
        const info = it.sequence ? await probeSequence(it.input, o.fps) : await probeVideo(it.input, tools);
        const settings = {
          tinct: VERSION,
          model: model.spec.name,
          modelVersion: model.spec.version,
          ...pixelSettings,
          provenance,
        };
        let last = 0;
        const onFrame = (done: number) => {
          const now = performance.now();
          const fps = (done * 1000) / (now - t0);
          const eta = info.frames > done ? (info.frames - done) / fps : 0;
          const line = `frame ${done}/${info.frames}, ${fps.toFixed(1)} frames/s, ETA ${Math.ceil(eta)} s`;
          report.stage(line);
          if (!process.stderr.isTTY && now - last > 5000) {
            last = now;
            report.notice(`${it.input}: ${line}`);
          }
        };
        const frames = colourFrames(
          info,
          tools,
          { colorizer: model, segment },
          {
            temporal,
            temperature: o.temperature,
            consistency: o.consistency,
            workingSize: o.workingSize,
            hints: o.hints,
          },
          { signal: ac.signal, onFrame },
        );
        const r = await writeVideo(target, info, out, frames, tools, settings, ac.signal);
        const s = (performance.now() - t0) / 1000;
        counts.done++;
        record({
          input: it.input,
          output: target,
          status: 'done',
          ms: Math.round(s * 1000),
          model: made.model,
          settings: made.settings,
          ...(redone ? { reason: `redone: ${redone}` } : {}),
        });
        for (const n of r.notes) report.notice(`${it.input}: ${n}`);
        report.done(
          `${it.input} -> ${target} (${r.frames} frames, ${info.width}×${info.height}, ` +
            `${(r.frames / s).toFixed(1)} frames/s, ${s.toFixed(1)} s)`,
        );
        if (o.json)
          printJson({
            input: it.input,
            output: target,
            ok: true,
            status: 'done',
            frames: r.frames,
            width: info.width,
            height: info.height,
            ms: Math.round(s * 1000),
            notes: r.notes,
          });
      } catch (err) {
        const msg = err instanceof CancelledError ? `${it.input}: cancelled (no output written)` : oneLine(err);
        counts.failed++;
        failures.push(msg);
        record({ input: it.input, output: target, status: 'failed', reason: msg });
        report.fail(msg);
        if (o.json) printJson({ input: it.input, output: target, ok: false, status: 'failed', error: msg });
        if (err instanceof CancelledError) break;
      }
    }
  } finally {
    process.off('SIGINT', onSigint);
    await model.release();
  }
}

function printJson(obj: unknown): void {
  process.stdout.write(JSON.stringify(obj) + '\n');
}
