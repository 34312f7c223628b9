/**
 * A batch of photos to colourise: which files, where each result goes, and the rules that keep
 * a user's files safe (never overwrite an input, never overwrite an output unless asked).
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { TinctError } from '../errors.js';
import { EXTENSION, formatFromPath, type ExportFormat } from '../image/write-image.js';
import { IMAGE_EXTENSIONS } from '../image/read-image.js';

export interface BatchItem {
  input: string;
  /** The input's path relative to the folder it was found in (a file named directly: its name); what --shard hashes. */
  key: string;
  output?: string;
  /** Set when this item cannot run; the batch goes on with the others. */
  error?: string;
}

/** Files named directly are taken as they are (their errors come when loading); folders are listed. */
export async function expandInputs(paths: string[]): Promise<BatchItem[]> {
  const items: BatchItem[] = [];
  for (const p of paths) {
    const st = await stat(p).catch(() => null);
    if (!st?.isDirectory()) {
      items.push({ input: p, key: basename(p) });
      continue;
    }
    const names = (await readdir(p))
      .filter((n) => IMAGE_EXTENSIONS.includes(extname(n).toLowerCase()) && !n.startsWith('.'))
      .sort();
    if (names.length === 0)
      items.push({
        input: p,
        key: basename(resolve(p)),
        error: new TinctError(p, 'folder has no images (JPEG, PNG, TIFF, WebP, GIF)').message,
      });
    for (const n of names) items.push({ input: join(p, n), key: n });
  }
  return items;
}

export interface OutputPlan {
  /** true: `output` is a folder and each result is named after its input. */
  toFolder: boolean;
  format: ExportFormat;
}

/**
 * Decides whether -o names a file or a folder: a folder when it exists as one, ends with a
 * separator, has no image extension, or when there is more than one input.
 */
export async function planOutput(output: string, inputCount: number, format?: ExportFormat): Promise<OutputPlan> {
  const st = await stat(output).catch(() => null);
  const extFormat = formatFromPath(output);
  const toFolder = !!st?.isDirectory() || /[/\\]$/.test(output) || inputCount > 1 || !extFormat;
  if (!toFolder) {
    if (format && extFormat !== format) {
      throw new TinctError(output, `extension does not match --format ${format}`);
    }
    return { toFolder, format: extFormat! };
  }
  return { toFolder, format: format ?? 'tiff' };
}

/** Fills in each item's output path and marks the ones that must not run. */
export async function assignOutputs(
  items: BatchItem[],
  output: string,
  plan: OutputPlan,
  overwrite: boolean,
): Promise<void> {
  const taken = new Map<string, string>();
  const inputs = new Set<string>();
  for (const it of items) inputs.add(await realpath(it.input).catch(() => resolve(it.input)));
  for (const it of items) {
    if (it.error) continue;
    const out = plan.toFolder ? join(output, basename(it.input, extname(it.input)) + EXTENSION[plan.format]) : output;
    it.output = out;
    const abs = resolve(out);
    if (inputs.has(abs) || inputs.has(await realpath(out).catch(() => abs))) {
      it.error = new TinctError(it.input, `output ${out} would overwrite an input`).message;
    } else if (taken.has(abs)) {
      it.error = new TinctError(it.input, `output ${out} is also the output of ${taken.get(abs)}`).message;
    } else if (!overwrite && (await stat(out).catch(() => null))) {
      it.error = new TinctError(out, 'already exists (use --overwrite to replace it)').message;
    }
    taken.set(abs, it.input);
  }
}
