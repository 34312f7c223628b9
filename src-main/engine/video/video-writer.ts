/**
 * Coloured frames into a file: H.264 (MP4, MOV or MKV by the extension; `crf`), or archival
 * lossless FFV1 at 16 bits in MKV, through ffmpeg's stdin; or a folder of 16-bit TIFF / PNG
 * frames. The audio of the source is copied unchanged where the container takes it. Always
 * written to a temporary name and renamed when complete (atomic-write.ts): a cancel, a damaged
 * input found half-way or a full disk leaves no partial output.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { writeAtomically } from '../image/atomic-write.js';
import { extensionOf, type FrameFormat } from '../image/export-formats.js';
import { writeImage, type LabImage } from '../image/write-image.js';
import { labToRgba8, labToRgbSamples } from '../colour/lab-to-srgb.js';
import { TinctError } from '../errors.js';
import type { FfmpegTools } from './ffmpeg-tools.js';
import type { VideoInfo } from './probe.js';

export type VideoOutput =
  { kind: 'h264'; crf: number } | { kind: 'ffv1' } | { kind: 'frames'; format: FrameFormat; bits: 8 | 16 };

const MUXER: Record<string, string> = { '.mp4': 'mp4', '.m4v': 'mp4', '.mov': 'mov', '.mkv': 'matroska' };
/** Audio codecs the MP4/MOV muxer takes as they are; others are re-encoded to AAC (and said). */
const MP4_AUDIO = ['aac', 'mp3', 'ac3', 'eac3', 'alac'];

/** Checks an output path against the output kind before any work starts; throws one line. */
export function checkVideoTarget(target: string, out: VideoOutput): void {
  if (out.kind === 'frames') return;
  const ext = extname(target).toLowerCase();
  if (out.kind === 'ffv1' && ext !== '.mkv')
    throw new TinctError(target, 'lossless (FFV1) video is written as .mkv: give an output ending in .mkv');
  if (!MUXER[ext])
    throw new TinctError(target, `cannot write ${ext || 'a file without extension'}: use .mp4, .mov or .mkv`);
}

export interface WriteReport {
  frames: number;
  notes: string[];
}

/**
 * Pulls every frame from `frames` and writes them to `target`. `settings` go into the file's
 * comment tag (what a resume or a user reads back: which Tinct, model and settings made it).
 */
export async function writeVideo(
  target: string,
  info: VideoInfo,
  out: VideoOutput,
  frames: AsyncIterable<LabImage>,
  tools: FfmpegTools,
  settings: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<WriteReport> {
  const report: WriteReport = { frames: 0, notes: [] };
  if (out.kind === 'frames') {
    await writeAtomically(
      target,
      async (tmp) => {
        await mkdir(tmp);
        const ext = extensionOf(out.format).slice(1);
        for await (const lab of frames) {
          report.frames++;
          const name = `frame-${String(report.frames).padStart(6, '0')}.${ext}`;
          await writeImage(join(tmp, name), lab, { format: out.format, bits: out.bits, settings });
        }
      },
      signal,
    );
    return report;
  }
  checkVideoTarget(target, out);
  const ext = extname(target).toLowerCase();
  const mp4 = MUXER[ext] !== 'matroska';
  // 4:2:0 needs even sizes: an odd frame is written one pixel larger, its last column/row repeated.
  const even = out.kind === 'h264';
  const W = even ? info.width + (info.width % 2) : info.width;
  const H = even ? info.height + (info.height % 2) : info.height;
  if (W !== info.width || H !== info.height)
    report.notes.push(
      `${info.width}×${info.height} is odd: H.264 4:2:0 needs even sizes, written as ${W}×${H} (edge repeated)`,
    );
  if (info.variableRate)
    report.notes.push(`variable frame rate: every frame kept, timed at a constant ${info.fps.toFixed(3)} fps`);
  const args = ['-v', 'error', '-nostdin', '-y'];
  args.push('-f', 'rawvideo', '-pix_fmt', out.kind === 'ffv1' ? 'rgb48le' : 'rgb24', '-s', `${W}x${H}`);
  args.push('-framerate', `${info.rate[0]}/${info.rate[1]}`, '-i', 'pipe:0');
  if (info.audio.length) {
    args.push('-i', info.path, '-map', '0:v:0', '-map', '1:a');
    const copyable = !mp4 || info.audio.every((c) => MP4_AUDIO.includes(c));
    args.push('-c:a', copyable ? 'copy' : 'aac');
    if (!copyable)
      report.notes.push(`audio (${info.audio.join(', ')}) re-encoded to AAC: ${ext} cannot hold it as it is`);
  } else args.push('-map', '0:v:0');
  if (out.kind === 'h264')
    args.push('-c:v', 'libx264', '-preset', 'medium', '-crf', String(out.crf), '-pix_fmt', 'yuv420p');
  else args.push('-c:v', 'ffv1', '-level', '3', '-g', '1', '-slicecrc', '1', '-pix_fmt', 'rgb48le');
  if (mp4) args.push('-movflags', '+faststart');
  args.push('-metadata', `comment=tinct:${JSON.stringify(settings)}`, '-f', MUXER[ext]);

  await writeAtomically(
    target,
    async (tmp) => {
      const proc = spawn(tools.ffmpeg, [...args, tmp], { stdio: ['pipe', 'ignore', 'pipe'] });
      let stderr = '';
      proc.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
      const closed = new Promise<number | null>((resolve, reject) => {
        proc.on('close', resolve);
        proc.on('error', reject);
      });
      let broken = false;
      proc.stdin.on('error', () => (broken = true)); // EPIPE: ffmpeg died; its stderr says why
      const failure = () => new Error(stderr.trim().split('\n').pop() || 'ffmpeg stopped');
      try {
        for await (const lab of frames) {
          if (broken) break;
          const bytes = out.kind === 'ffv1' ? rgb48(lab) : rgb24(lab, W, H);
          report.frames++;
          if (!proc.stdin.write(bytes))
            // 'drain', or ffmpeg gone (its stdin errors with EPIPE; its stderr says why below).
            await Promise.race([once(proc.stdin, 'drain').catch(() => undefined), closed]);
        }
        proc.stdin.end();
        const code = await closed;
        if (code !== 0 || broken) throw failure();
      } finally {
        if (proc.exitCode === null) proc.kill('SIGKILL');
      }
    },
    signal,
  );
  return report;
}

/** 8-bit RGB, padded to W × H by repeating the last column and row. */
function rgb24(lab: LabImage, W: number, H: number): Uint8Array {
  const rgba = labToRgba8({ ...lab, alpha: null });
  const { width: w, height: h } = lab;
  const out = new Uint8Array(W * H * 3);
  for (let y = 0; y < H; y++) {
    const sy = Math.min(y, h - 1);
    for (let x = 0; x < W; x++) {
      const s = 4 * (sy * w + Math.min(x, w - 1)),
        d = 3 * (y * W + x);
      out[d] = rgba[s];
      out[d + 1] = rgba[s + 1];
      out[d + 2] = rgba[s + 2];
    }
  }
  return out;
}

/** 16-bit RGB, little-endian as ffmpeg's rgb48le. */
function rgb48(lab: LabImage): Uint8Array {
  const s = labToRgbSamples({ ...lab, alpha: null }, 16);
  return new Uint8Array(s.buffer, s.byteOffset, s.byteLength);
}
