/**
 * `--resume`: is the file at an output path already the result this run would write? Yes only
 * when it is whole, written by Tinct, and its provenance matches the one expected; anything else
 * (missing, partial, foreign, other settings, another model, a changed input) is redone.
 *
 * Reading a result back is per kind of file: images by default (image/tinct-xmp.ts); a video
 * engine passes its own reader and reuses the rest.
 */
import { readdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { partialTarget } from '../image/atomic-write.js';
import { readOutputImage } from '../image/tinct-xmp.js';
import { provenanceMismatch, type Provenance } from './provenance.js';

/** Reads an output back: its recorded provenance, or why it is not a whole Tinct result. */
export type OutputReader = (path: string) => Promise<{ ok: true; provenance: unknown } | { ok: false; reason: string }>;

export type ResumeCheck = { complete: true } | { complete: false; exists: boolean; reason: string };

export const readImageOutput: OutputReader = async (path) => {
  const r = await readOutputImage(path);
  return r.ok ? { ok: true, provenance: r.xmp.provenance } : r;
};

export async function isCompleteOutput(
  outputPath: string,
  expected: Provenance,
  read: OutputReader = readImageOutput,
): Promise<ResumeCheck> {
  const r = await read(outputPath);
  if (!r.ok) return { complete: false, exists: r.reason !== 'missing', reason: r.reason };
  const mismatch = provenanceMismatch(r.provenance, expected);
  return mismatch ? { complete: false, exists: true, reason: mismatch } : { complete: true };
}

/**
 * Removes the temporary files a killed run left beside `outputs` (at most one per process that
 * died mid-write). Only those of these outputs: a shard running beside this one in the same
 * folder owns its own. Returns how many were removed.
 */
export async function removeStalePartials(outputs: string[]): Promise<number> {
  const byFolder = new Map<string, Set<string>>();
  for (const out of outputs) {
    const names = byFolder.get(dirname(out)) ?? new Set<string>();
    names.add(basename(out));
    byFolder.set(dirname(out), names);
  }
  let removed = 0;
  for (const [folder, names] of byFolder) {
    const entries = await readdir(folder).catch(() => [] as string[]);
    for (const e of entries) {
      const target = partialTarget(e);
      if (target === null || !names.has(target)) continue;
      await rm(join(folder, e), { force: true });
      removed++;
    }
  }
  return removed;
}
