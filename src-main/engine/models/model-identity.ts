/**
 * Which model made a result, beyond its name: a manifest's name and version say what the model is
 * meant to be, the hashes of its weights and manifest say what it is (a retrained model under an
 * old version number is told apart by them; the same files at another path are the same model).
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { TinctError, oneLine } from '../errors.js';
import { manifestPathFor } from './manifest.js';

export interface ModelIdentity {
  name: string;
  version: string;
  /** sha256 of the .onnx file, hex (what `sha256sum model.onnx` prints). */
  sha256: string;
  /** sha256 of the .json manifest beside it: its bins, prior and default temperature change results too. */
  manifestSha256: string;
}

/** `named`: the model's name and version (a colorizer's spec, a segmenter's manifest). */
export async function modelIdentity(
  onnxPath: string,
  named: { name: string; version: string },
): Promise<ModelIdentity> {
  const manifest = manifestPathFor(onnxPath);
  // A model brought without a manifest (read from its graph) has none to hash.
  const [sha256, manifestSha256] = await Promise.all([
    sha256File(onnxPath),
    existsSync(manifest) ? sha256File(manifest) : Promise.resolve('none'),
  ]);
  return { name: named.name, version: named.version, sha256, manifestSha256 };
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  } catch (err) {
    throw new TinctError(path, `cannot read (${oneLine(err)})`);
  }
  return hash.digest('hex');
}
