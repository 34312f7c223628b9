/**
 * Nothing half-written: output goes to a temporary file beside the target and is renamed over it
 * only when complete, so a crash or a full disk leaves the old file (or none) in place.
 */
import { randomBytes } from 'node:crypto';
import { rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CancelledError, TinctError, checkpoint } from '../errors.js';

/** A cancel (signal) that arrives before the rename leaves no file behind and the old one untouched. */
export async function writeAtomically(
  target: string,
  write: (tmpPath: string) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  const dir = dirname(target);
  let st;
  try {
    st = await stat(dir);
  } catch {
    throw new TinctError(target, `output folder ${dir} does not exist`);
  }
  if (!st.isDirectory()) throw new TinctError(target, `${dir} is not a folder`);
  const tmp = join(dir, partialName(basename(target)));
  try {
    await write(tmp);
    await checkpoint(signal);
    await rename(tmp, target);
  } catch (err) {
    await rm(tmp, { force: true, recursive: true }).catch(() => undefined);
    // A cancel, or an error that already names its file and reason (a video whose input turns out
    // damaged while its output is being written), passes through as it is.
    if (err instanceof CancelledError || err instanceof TinctError) throw err;
    throw new TinctError(target, describeWriteError(err), { cause: err });
  }
}

function partialName(targetName: string): string {
  return `.${targetName}.${randomBytes(4).toString('hex')}.partial`;
}

/**
 * The name of the file a temporary file (partialName) was to become, or null when `name` is not
 * one. Only a process killed between write and rename leaves one; batch/resume.ts clears them.
 */
export function partialTarget(name: string): string | null {
  const m = /^\.(.+)\.[0-9a-f]{8}\.partial$/.exec(name);
  return m ? m[1] : null;
}

function describeWriteError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  const msg = err instanceof Error ? err.message : String(err);
  if (code === 'EACCES' || code === 'EPERM' || /permission denied/i.test(msg))
    return 'cannot write here: permission denied';
  if (code === 'ENOSPC' || /no space/i.test(msg)) return 'cannot write: the disk is full';
  if (code === 'EROFS' || /read-only/i.test(msg)) return 'cannot write: read-only file system';
  return `cannot write (${msg.split('\n')[0]})`;
}
