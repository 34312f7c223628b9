/**
 * Which model made a result, beyond its name: a manifest's name and version say what the model is
 * meant to be, the hashes of its weights and manifest say what it is (a retrained model under an
 * old version number is told apart by them; the same files at another path are the same model).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { TinctError, oneLine } from '../errors.js';
import { manifestPathFor, type ModelManifest } from './manifest.js';

export interface ModelIdentity {
  name: string;
  version: string;
  /** sha256 of the .onnx file, hex (what `sha256sum model.onnx` prints). */
  sha256: string;
  /** sha256 of the .json manifest beside it: its bins, prior and default temperature change results too. */
  manifestSha256: string;
}

export async function modelIdentity(onnxPath: string, manifest: ModelManifest): Promise<ModelIdentity> {
  const [sha256, manifestSha256] = await Promise.all([sha256File(onnxPath), sha256File(manifestPathFor(onnxPath))]);
  return { name: manifest.name, version: manifest.version, sha256, manifestSha256 };
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
