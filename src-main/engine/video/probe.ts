/**
 * What a video file holds, from ffprobe: the first video stream's size, rate, frame count and
 * rotation, and whether there is audio. Everything that makes a file unusable is found here and
 * said in one line, before any output is opened.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { TinctError } from '../errors.js';
import type { FfmpegTools } from './ffmpeg-tools.js';

const run = promisify(execFile);

export interface VideoInfo {
  path: string;
  /** Size of the decoded (upright: ffmpeg applies the rotation) frames. */
  width: number;
  height: number;
  /** Frame rate as a fraction, and its value. */
  rate: [number, number];
  fps: number;
  /** Frames the container says it has (an estimate from duration × rate when it does not say). */
  frames: number;
  duration: number;
  /** Degrees the player turns the picture; the decoder applies it, so frames come upright. */
  rotation: number;
  codec: string;
  /** The audio streams' codecs (copied to the output unchanged where the container allows). */
  audio: string[];
  /** avg_frame_rate and r_frame_rate disagree: timestamps are not a constant step. */
  variableRate: boolean;
  /** An image-sequence folder's frames, in order (frame-reader.ts probeSequence); absent for a file. */
  sequence?: string[];
}

interface ProbeStream {
  codec_type?: string;
  codec_name?: string;
  codec_tag_string?: string;
  width?: number;
  height?: number;
  r_frame_rate?: string;
  avg_frame_rate?: string;
  nb_frames?: string;
  duration?: string;
  tags?: Record<string, string>;
  side_data_list?: { rotation?: number }[];
  disposition?: { attached_pic?: number };
}

function fraction(s: string | undefined): [number, number] | null {
  const m = /^(\d+)\/(\d+)$/.exec(s ?? '');
  if (!m || Number(m[2]) === 0 || Number(m[1]) === 0) return null;
  return [Number(m[1]), Number(m[2])];
}

export async function probeVideo(path: string, tools: FfmpegTools): Promise<VideoInfo> {
  let out: string;
  try {
    ({ stdout: out } = await run(
      tools.ffprobe,
      ['-v', 'error', '-print_format', 'json', '-show_streams', '-show_format', path],
      { maxBuffer: 16 << 20 },
    ));
  } catch (err) {
    const stderr = String((err as { stderr?: string }).stderr ?? '').trim();
    const last = stderr.split('\n').pop()?.replace(`${path}: `, '') ?? '';
    throw new TinctError(path, `not a video ffmpeg can read${last ? ` (${last})` : ''}`);
  }
  const info = JSON.parse(out) as { streams?: ProbeStream[]; format?: { duration?: string } };
  const streams = info.streams ?? [];
  if (!streams.length) throw new TinctError(path, 'has no frames (the file holds no streams)');
  const video = streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  if (!video) {
    const audio = streams.some((s) => s.codec_type === 'audio');
    throw new TinctError(path, audio ? 'has no video stream (audio only)' : 'has no video stream');
  }
  if (!video.codec_name || video.codec_name === 'unknown' || video.codec_name === 'none')
    throw new TinctError(
      path,
      `its video codec${video.codec_tag_string ? ` (FourCC ${video.codec_tag_string})` : ''} is ` +
        `not one ffmpeg can decode`,
    );
  if (video.nb_frames === '0') throw new TinctError(path, 'has no frames');
  if (!video.width || !video.height)
    throw new TinctError(path, `its ${video.codec_name ?? 'video'} stream has no size`);
  const avg = fraction(video.avg_frame_rate);
  const r = fraction(video.r_frame_rate);
  const rate = avg ?? r ?? [24, 1];
  const fps = rate[0] / rate[1];
  const duration = Number(video.duration ?? info.format?.duration ?? 0) || 0;
  const frames = Number(video.nb_frames) || Math.round(duration * fps);
  const rotation =
    video.side_data_list?.find((d) => d.rotation !== undefined)?.rotation ?? Number(video.tags?.rotate ?? 0);
  const quarter = Math.abs(Math.round(rotation / 90)) % 2 === 1;
  return {
    path,
    width: quarter ? video.height : video.width,
    height: quarter ? video.width : video.height,
    rate,
    fps,
    frames,
    duration,
    rotation: ((rotation % 360) + 360) % 360,
    codec: video.codec_name ?? 'unknown',
    audio: streams.filter((s) => s.codec_type === 'audio').map((s) => s.codec_name ?? 'unknown'),
    variableRate: !!avg && !!r && Math.abs(avg[0] / avg[1] - r[0] / r[1]) > 0.01 * (r[0] / r[1]),
  };
}

export const VIDEO_EXTENSIONS = [
  '.mp4',
  '.m4v',
  '.mov',
  '.avi',
  '.mkv',
  '.webm',
  '.mpg',
  '.mpeg',
  '.ts',
  '.mts',
  '.m2ts',
  '.wmv',
  '.flv',
  '.ogv',
  '.3gp',
  '.dv',
];

export function isVideoPath(path: string): boolean {
  const dot = path.lastIndexOf('.');
  return dot >= 0 && VIDEO_EXTENSIONS.includes(path.slice(dot).toLowerCase());
}
