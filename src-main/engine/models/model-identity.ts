/**
 * Which model made a result, beyond its name: a manifest's name and version say what the model is
 * meant to be, the hash of its weights says what it is (a retrained model under an old version
 * number, or the same file at another path, are told apart by it).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { TinctError, oneLine } from '../errors.js';
import type { ModelManifest } from './manifest.js';

export interface ModelIdentity {
  name: string;
  version: string;
  /** sha256 of the .onnx file, hex. */
  sha256: string;
}

export async function modelIdentity(onnxPath: string, manifest: ModelManifest): Promise<ModelIdentity> {
  return { name: manifest.name, version: manifest.version, sha256: await sha256File(onnxPath) };
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
