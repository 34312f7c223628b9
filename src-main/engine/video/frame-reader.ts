/**
 * Frames out of ffmpeg as raw 8-bit RGB through a pipe, one at a time: the pipe's back-pressure
 * holds ffmpeg while a frame is being coloured, so memory stays flat for a clip of any length.
 */
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import sharp from 'sharp';
import { IMAGE_EXTENSIONS } from '../image/read-image.js';
import { TinctError, CancelledError } from '../errors.js';
import type { FfmpegTools } from './ffmpeg-tools.js';
import type { VideoInfo } from './probe.js';

export interface ReadOptions {
  signal?: AbortSignal;
  /** Stop after this many frames (evaluation, previews). */
  maxFrames?: number;
  /** Start at this frame (decoded from the nearest key frame before it, then exact). */
  startFrame?: number;
}

/** Yields width × height × 3 bytes per frame; throws one line when the file is damaged or empty. */
export async function* readFrames(
  info: VideoInfo,
  tools: FfmpegTools,
  opts: ReadOptions = {},
): AsyncGenerator<Uint8Array> {
  const size = info.width * info.height * 3;
  const start = opts.startFrame ?? 0;
  const args = ['-v', 'error', '-nostdin'];
  // Seeking before -i decodes from the key frame before the time and starts the output at it, with
  // timestamps counted from there (t = 0 at `ss`); the select filter then drops exactly the frames
  // before `start`, so the first frame out is frame `start`.
  const ss = start > 0 ? Math.max(0, start / info.fps - 2) : 0;
  if (start > 0) args.push('-ss', String(ss));
  args.push('-i', info.path, '-map', '0:v:0');
  if (start > 0) args.push('-vf', `select='gte((t+${ss})*${info.fps}+0.5,${start})'`);
  // passthrough: each decoded frame once (no duplicates or drops to force a constant rate).
  args.push('-vsync', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1');
  const proc = spawn(tools.ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => proc.on('close', (code) => resolve(code)));
  const spawnError = new Promise<Error>((resolve) => proc.on('error', resolve));
  let count = 0;
  let frame = new Uint8Array(size);
  let filled = 0;
  try {
    for await (const chunk of proc.stdout as AsyncIterable<Buffer>) {
      if (opts.signal?.aborted) throw new CancelledError();
      let off = 0;
      while (off < chunk.length) {
        const n = Math.min(size - filled, chunk.length - off);
        frame.set(chunk.subarray(off, off + n), filled);
        filled += n;
        off += n;
        if (filled === size) {
          yield frame;
          count++;
          if (opts.maxFrames !== undefined && count >= opts.maxFrames) return;
          frame = new Uint8Array(size);
          filled = 0;
        }
      }
    }
    const code = await Promise.race([exited, spawnError.then((e) => Promise.reject(e))]);
    const last = stderr.trim().split('\n').pop() ?? '';
    if (code !== 0) throw new TinctError(info.path, `cannot be decoded (${last || `ffmpeg exit ${code}`})`);
    if (count === 0) throw new TinctError(info.path, 'has no frames');
    // A file cut short (a download broken off) decodes its first part with errors and stops: refuse
    // it rather than write a film that ends early.
    const expected = Math.max(0, info.frames - start);
    if (stderr.trim() && expected > 0 && count < expected * 0.97)
      throw new TinctError(info.path, `is damaged or truncated: ${count} of ${expected} frames decode (${last})`);
  } finally {
    if (proc.exitCode === null) proc.kill('SIGKILL');
  }
}

/** The frames of a video file, or of an image-sequence folder (VideoInfo.sequence). */
export async function* frameSource(
  info: VideoInfo,
  tools: FfmpegTools,
  opts: ReadOptions = {},
): AsyncGenerator<Uint8Array> {
  if (!info.sequence) return yield* readFrames(info, tools, opts);
  const files = info.sequence.slice(
    opts.startFrame ?? 0,
    opts.maxFrames === undefined ? undefined : (opts.startFrame ?? 0) + opts.maxFrames,
  );
  for (const file of files) {
    if (opts.signal?.aborted) throw new CancelledError();
    let out;
    try {
      out = await sharp(file).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    } catch (err) {
      throw new TinctError(file, `cannot be read as a frame (${(err as Error).message.split('\n')[0]})`);
    }
    if (out.info.width !== info.width || out.info.height !== info.height)
      throw new TinctError(
        file,
        `is ${out.info.width}×${out.info.height}; the sequence's first frame is ${info.width}×${info.height}`,
      );
    yield new Uint8Array(out.data.buffer, out.data.byteOffset, out.data.byteLength);
  }
}

/** A folder of numbered images as one clip at `fps` frames a second (in name order, numbers by value). */
export async function probeSequence(folder: string, fps: number): Promise<VideoInfo> {
  const names = (await readdir(folder)).filter(
    (n) => !n.startsWith('.') && IMAGE_EXTENSIONS.includes(extname(n).toLowerCase()),
  );
  if (names.length === 0) throw new TinctError(folder, 'has no images to read as a frame sequence');
  names.sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  const files = names.map((n) => join(folder, n));
  let meta;
  try {
    meta = await sharp(files[0]).metadata();
  } catch {
    throw new TinctError(files[0], 'cannot be read as a frame');
  }
  const rate: [number, number] = Number.isInteger(fps) ? [fps, 1] : [Math.round(fps * 1001), 1001];
  return {
    path: folder,
    width: meta.width ?? 0,
    height: meta.height ?? 0,
    rate,
    fps,
    frames: files.length,
    duration: files.length / fps,
    rotation: 0,
    codec: 'images',
    audio: [],
    variableRate: false,
    sequence: files,
  };
}
