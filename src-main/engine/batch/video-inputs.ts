/**
 * Which inputs of a batch are films: video files named directly or found in folders, and (with
 * --sequence) folders of frames. What is left goes to the photo batch as before.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { IMAGE_EXTENSIONS } from '../image/read-image.js';
import { isVideoPath } from '../video/probe.js';

export interface VideoItem {
  input: string;
  /** A folder of frames read as one clip. */
  sequence: boolean;
}

export async function splitVideoInputs(
  paths: string[],
  sequence: boolean,
): Promise<{ videos: VideoItem[]; photos: string[] }> {
  const videos: VideoItem[] = [],
    photos: string[] = [];
  for (const p of paths) {
    const st = await stat(p).catch(() => null);
    if (!st?.isDirectory()) {
      if (isVideoPath(p)) videos.push({ input: p, sequence: false });
      else photos.push(p);
      continue;
    }
    if (sequence) {
      videos.push({ input: p, sequence: true });
      continue;
    }
    const names = (await readdir(p)).filter((n) => !n.startsWith('.')).sort();
    const clips = names.filter(isVideoPath);
    for (const n of clips) videos.push({ input: join(p, n), sequence: false });
    // A folder with photos (or with nothing usable, to be reported) stays a photo folder.
    if (!clips.length || names.some((n) => IMAGE_EXTENSIONS.includes(extname(n).toLowerCase()))) photos.push(p);
  }
  return { videos, photos };
}

/** A clip's output inside an output folder: its name with the container's extension, or a folder of frames. */
export function videoOutputName(input: string, kind: 'h264' | 'ffv1' | 'frames'): string {
  const stem = basename(input, extname(input));
  return kind === 'frames' ? stem : stem + (kind === 'ffv1' ? '.mkv' : '.mp4');
}
