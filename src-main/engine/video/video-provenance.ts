/**
 * A coloured video read back for --resume: the writer (video-writer.ts) records how it was made
 * in the container's comment tag as `tinct:{…, "provenance": {…}}`; anything else is not a
 * Tinct result. A partial video never exists under its name (temporary file, then rename).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { stat } from 'node:fs/promises';
import type { OutputReader } from '../batch/resume.js';
import type { FfmpegTools } from './ffmpeg-tools.js';

const run = promisify(execFile);

export async function readVideoOutput(path: string, tools: FfmpegTools): ReturnType<OutputReader> {
  if (!(await stat(path).catch(() => null))) return { ok: false, reason: 'missing' };
  let out: string;
  try {
    ({ stdout: out } = await run(tools.ffprobe, ['-v', 'error', '-print_format', 'json', '-show_format', path]));
  } catch {
    return { ok: false, reason: 'not a video ffmpeg can read (partial or foreign)' };
  }
  const tags = (JSON.parse(out) as { format?: { tags?: Record<string, string> } }).format?.tags ?? {};
  const comment = Object.entries(tags).find(([k]) => k.toLowerCase() === 'comment')?.[1] ?? '';
  if (!comment.startsWith('tinct:')) return { ok: false, reason: 'not written by Tinct' };
  try {
    return {
      ok: true,
      provenance: (JSON.parse(comment.slice('tinct:'.length)) as { provenance?: unknown }).provenance,
    };
  } catch {
    return { ok: false, reason: 'its Tinct record is damaged' };
  }
}
