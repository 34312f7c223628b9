/**
 * Where ffmpeg and ffprobe are: the user's own (`--ffmpeg PATH`, or TINCT_FFMPEG), else the
 * binaries the npm packages @ffmpeg-installer/ffmpeg and @ffprobe-installer/ffprobe ship inside.
 * In the packaged app those live in app.asar.unpacked (a binary cannot run from inside an asar).
 */
import { createRequire } from 'node:module';
import { accessSync, constants, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface FfmpegTools {
  ffmpeg: string;
  ffprobe: string;
}

const require = createRequire(import.meta.url);

function unpacked(path: string): string {
  return path.replace(`app.asar${'/'}`, 'app.asar.unpacked/').replace('app.asar\\', 'app.asar.unpacked\\');
}

function packaged(pkg: '@ffmpeg-installer/ffmpeg' | '@ffprobe-installer/ffprobe'): string | null {
  try {
    return unpacked((require(pkg) as { path: string }).path);
  } catch {
    return null;
  }
}

function runnable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The tools to use; throws one line when none can run. `ffmpeg` is the user's choice, if any. */
export function ffmpegTools(ffmpeg?: string): FfmpegTools {
  const own = ffmpeg ?? process.env.TINCT_FFMPEG;
  if (own) {
    if (!runnable(own)) throw new Error(`${own}: not an ffmpeg that can run here`);
    // ffprobe beside the user's ffmpeg when there is one, else the packaged one.
    const exe = process.platform === 'win32' ? 'ffprobe.exe' : 'ffprobe';
    const beside = join(dirname(own), exe);
    const ffprobe = process.env.TINCT_FFPROBE ?? (existsSync(beside) ? beside : packaged('@ffprobe-installer/ffprobe'));
    if (!ffprobe || !runnable(ffprobe)) throw new Error(`no ffprobe beside ${own} and none packaged`);
    return { ffmpeg: own, ffprobe };
  }
  const f = packaged('@ffmpeg-installer/ffmpeg');
  const p = process.env.TINCT_FFPROBE ?? packaged('@ffprobe-installer/ffprobe');
  if (!f || !runnable(f) || !p || !runnable(p))
    throw new Error('ffmpeg is not installed (npm install, or give your own with --ffmpeg PATH)');
  return { ffmpeg: f, ffprobe: p };
}
