/**
 * What a result was made from, recorded in the result itself (tinct:Provenance in an image's XMP)
 * so a later run can tell "this output is already what I would make" from the file, not guess it
 * from its name: the input (name, size, modification time), the models (by the hashes of their
 * weights and manifests) and each setting that changes the pixels. Not the Tinct version: a release that fixes
 * something else must not redo an archive; --overwrite redoes everything when that is wanted.
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { z } from 'zod';
import type { ModelIdentity } from '../models/model-identity.js';

export const PROVENANCE_FORMAT = 'tinct-provenance/1';

/**
 * The input as the file system sees it. Size and modification time (to the millisecond) rather
 * than a content hash: a resume over tens of thousands of scans must not read every input again,
 * and any edit of a scan, or a copy that does not keep times, changes one of them (a redo, never a
 * wrong skip).
 */
export interface InputIdentity {
  name: string;
  size: number;
  mtimeMs: number;
}

export type SettingValue = string | number | boolean | null;

export interface Provenance {
  format: typeof PROVENANCE_FORMAT;
  input: InputIdentity;
  model: ModelIdentity;
  /** null: no segmenter, colour per pixel. */
  segmenter: ModelIdentity | null;
  /** The settings that change the pixels, resolved to the values used (null: decided per input). */
  settings: Record<string, SettingValue>;
}

const Identity = z.object({ name: z.string(), version: z.string(), sha256: z.string(), manifestSha256: z.string() });
const ProvenanceSchema = z.object({
  format: z.literal(PROVENANCE_FORMAT),
  input: z.object({ name: z.string(), size: z.number(), mtimeMs: z.number() }),
  model: Identity,
  segmenter: Identity.nullable(),
  settings: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});

/** null when the input cannot be looked at: reading it will fail and say why (read-image.ts). */
export async function inputIdentity(path: string): Promise<InputIdentity | null> {
  const st = await stat(path).catch(() => null);
  if (!st?.isFile()) return null;
  return { name: basename(path), size: st.size, mtimeMs: Math.trunc(st.mtimeMs) };
}

/**
 * null when `found` (read back from an output) says it was made exactly as `expected`; else why not, for the report.
 */
export function provenanceMismatch(found: unknown, expected: Provenance): string | null {
  if (found === undefined) return 'written by Tinct without a provenance record (an older version or the editor)';
  const parsed = ProvenanceSchema.safeParse(found);
  if (!parsed.success) return 'its provenance record is not one this version reads';
  const p = parsed.data;
  const e = expected;
  if (p.input.name !== e.input.name) return `made from another input (${p.input.name})`;
  if (p.input.size !== e.input.size || p.input.mtimeMs !== e.input.mtimeMs)
    return 'made from an earlier version of the input (its size or modification time differs)';
  if (!sameIdentity(p.model, e.model))
    return `made with another model (${describe(p.model)}, not ${describe(e.model)})`;
  if (!sameIdentity(p.segmenter, e.segmenter))
    return `made with another segmenter (${describe(p.segmenter)}, not ${describe(e.segmenter)})`;
  const keys = [...new Set([...Object.keys(p.settings), ...Object.keys(e.settings)])].sort();
  const differ = keys.filter((k) => (p.settings[k] ?? null) !== (e.settings[k] ?? null));
  if (differ.length > 0) {
    const what = differ.map(
      (k) => `${k} ${String(p.settings[k] ?? 'default')}, not ${String(e.settings[k] ?? 'default')}`,
    );
    return `made with other settings (${what.join('; ')})`;
  }
  return null;
}

function sameIdentity(a: ModelIdentity | null, b: ModelIdentity | null): boolean {
  if (!a || !b) return a === b;
  return a.name === b.name && a.version === b.version && a.sha256 === b.sha256 && a.manifestSha256 === b.manifestSha256;
}

function describe(m: ModelIdentity | null): string {
  return m
    ? `${m.name} ${m.version}, weights ${m.sha256.slice(0, 12)}, manifest ${m.manifestSha256.slice(0, 12)}`
    : 'none';
}
