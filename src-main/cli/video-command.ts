/**
 * `tinct colorize` for films: one model load for all clips, progress per clip (frames, frames/s,
 * ETA), Ctrl+C leaves no partial output, a bad clip is reported and the rest still done.
 */
import { mkdir, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { Colorizer } from '../engine/models/colorizer-model.js';
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

export interface VideoCliOptions {
  output: string;
  temporal?: number;
  crf: number;
  lossless: boolean;
  frames?: 'tiff' | 'png';
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

function outputKind(o: VideoCliOptions): VideoOutput {
  if (o.frames) return { kind: 'frames', format: o.frames, bits: o.bits ?? 16 };
  return o.lossless ? { kind: 'ffv1' } : { kind: 'h264', crf: o.crf };
}

/** Returns the failures (one line each); prints progress and results through `report`. */
export async function runColorizeVideos(
  items: VideoItem[],
  o: VideoCliOptions,
  report: Reporter,
  single: boolean,
): Promise<string[]> {
  const out = outputKind(o);
  const failures: string[] = [];
  let tools, model: Colorizer;
  try {
    tools = ffmpegTools(o.ffmpeg);
    model = await Colorizer.load(o.model ?? DEFAULT_COLORIZER, o.device);
  } catch (err) {
    report.fail(oneLine(err));
    return items.map((it) => `${it.input}: not done (${oneLine(err)})`);
  }
  const segment = await loadSegmentFunction(o.device, (m) => report.notice(m));
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
        if (!o.overwrite && (await stat(target).catch(() => null)))
          throw new TinctError(target, 'already exists (use --overwrite to replace it)');
        checkVideoTarget(target, out);
        const info = it.sequence ? await probeSequence(it.input, o.fps) : await probeVideo(it.input, tools);
        const temporal = o.temporal ?? DEFAULT_TEMPORAL;
        const settings = {
          tinct: VERSION,
          model: model.manifest.name,
          modelVersion: model.manifest.version,
          temporal,
          temperature: o.temperature ?? model.defaultTemperature,
          consistency: o.consistency ?? 1,
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
        for (const n of r.notes) report.notice(`${it.input}: ${n}`);
        report.done(
          `${it.input} -> ${target} (${r.frames} frames, ${info.width}×${info.height}, ${(r.frames / s).toFixed(1)} frames/s, ${s.toFixed(1)} s)`,
        );
        if (o.json)
          process.stdout.write(
            JSON.stringify({
              input: it.input,
              output: target,
              ok: true,
              frames: r.frames,
              width: info.width,
              height: info.height,
              ms: Math.round(s * 1000),
              notes: r.notes,
            }) + '\n',
          );
      } catch (err) {
        if (err instanceof CancelledError) {
          failures.push(`${it.input}: cancelled (no output written)`);
          report.fail(`${it.input}: cancelled (no output written)`);
          break;
        }
        const msg = oneLine(err);
        failures.push(msg);
        report.fail(msg);
        if (o.json)
          process.stdout.write(JSON.stringify({ input: it.input, output: target, ok: false, error: msg }) + '\n');
      }
    }
  } finally {
    process.off('SIGINT', onSigint);
    await model.release();
  }
  return failures;
}
