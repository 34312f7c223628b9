/**
 * Video clips made by the tests with ffmpeg (the bundled one): grey moving test patterns with
 * or without audio, and the damaged files of the video bad-input catalogue.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { ffmpegTools } from '../../src-main/engine/video/ffmpeg-tools.js';

export const tools = ffmpegTools();

export function ffmpeg(args: string[]): void {
  execFileSync(tools.ffmpeg, ['-v', 'error', '-nostdin', '-y', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
}

export interface ClipOptions {
  width?: number;
  height?: number;
  rate?: number;
  frames?: number;
  audio?: boolean;
  /** lavfi source: testsrc2 (moving pattern), or mandelbrot (a different picture: a second shot). */
  source?: string;
  /** Pixel format of the encoded frames (yuv444p for odd sizes). */
  pixFmt?: string;
  /** Extra output arguments (codec, flags). */
  extra?: string[];
}

/** A grey clip of `frames` frames (H.264 unless `extra` says otherwise), optionally with an AAC tone. */
export function makeClip(path: string, o: ClipOptions = {}): void {
  const { width = 96, height = 64, rate = 12, frames = 12, audio = false, source = 'testsrc2' } = o;
  const args = ['-f', 'lavfi', '-i', `${source}=size=${width}x${height}:rate=${rate}`];
  if (audio) args.push('-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100');
  args.push('-frames:v', String(frames), '-vf', `scale=${width}:${height},format=gray,format=${o.pixFmt ?? 'yuv420p'}`);
  if (audio) args.push('-c:a', 'aac', '-shortest');
  args.push(...(o.extra ?? ['-c:v', 'libx264', '-preset', 'ultrafast']), path);
  ffmpeg(args);
}

/** Two shots: `a` frames of one picture, then `b` of another (a hard cut at frame a). */
export function makeTwoShots(path: string, a: number, b: number, width = 128, height = 96): void {
  ffmpeg([
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=${width}x${height}:rate=12`,
    '-f',
    'lavfi',
    '-i',
    `mandelbrot=size=${width}x${height}:rate=12`,
    '-filter_complex',
    `[0:v]trim=end_frame=${a},format=gray[x];[1:v]trim=end_frame=${b},format=gray[y];` +
      '[x][y]concat=n=2:v=1,format=yuv420p[v]',
    '-map',
    '[v]',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    path,
  ]);
}

/** The first `fraction` of a file's bytes: a download broken off. */
export function truncate(from: string, to: string, fraction: number): void {
  const b = readFileSync(from);
  writeFileSync(to, b.subarray(0, Math.floor(b.length * fraction)));
}

/** An AVI whose video FourCC is one no decoder knows (the stream is there; nothing decodes it). */
export function unknownCodecAvi(path: string): void {
  makeClip(path + '.src.avi', { extra: ['-c:v', 'mjpeg'] });
  const b = readFileSync(path + '.src.avi');
  let s = b.toString('latin1');
  s = s.replace(/MJPG/g, 'QQQQ').replace(/mjpg/g, 'qqqq');
  writeFileSync(path, Buffer.from(s, 'latin1'));
}

export interface StreamInfo {
  streams: {
    codec_type: string;
    codec_name: string;
    width?: number;
    height?: number;
    r_frame_rate?: string;
    /** Frames counted by decoding (-count_frames): MKV does not store a count. */
    nb_read_frames?: string;
  }[];
  format: { duration: string; tags?: Record<string, string> };
}

export function probe(path: string): StreamInfo {
  const out = execFileSync(tools.ffprobe, [
    '-v',
    'error',
    '-print_format',
    'json',
    '-show_streams',
    '-show_format',
    '-count_frames',
    path,
  ]);
  return JSON.parse(out.toString()) as StreamInfo;
}

/** Frames of a clip as 8-bit RGB (w × h × 3 each). */
export function decodeRgb(path: string): { frames: Uint8Array[]; width: number; height: number } {
  const v = probe(path).streams.find((s) => s.codec_type === 'video')!;
  const raw = execFileSync(tools.ffmpeg, ['-v', 'error', '-i', path, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], {
    maxBuffer: 1 << 30,
  });
  const size = v.width! * v.height! * 3;
  const frames: Uint8Array[] = [];
  for (let o = 0; o + size <= raw.length; o += size) frames.push(raw.subarray(o, o + size));
  return { frames, width: v.width!, height: v.height! };
}
