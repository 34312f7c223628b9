/**
 * Defaults both shells share: which model to load and where autosaves live.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_COLORIZER, DEFAULT_SEGMENTER, PACKAGE_ROOT } from '../engine/version.js';

/** The tiny generated model the tests use; a stand-in until a trained model is in models/. */
export const TINY_COLORIZER = join(PACKAGE_ROOT, 'test', 'fixtures', 'tiny-colorizer.onnx');

export function defaultColorizer(): { path: string; notice?: string } {
  if (existsSync(DEFAULT_COLORIZER)) return { path: DEFAULT_COLORIZER };
  return {
    path: TINY_COLORIZER,
    notice: `no trained model at ${DEFAULT_COLORIZER}: using the tiny test model (colours will be poor)`,
  };
}

export function defaultSegmenter(): string | null {
  return existsSync(DEFAULT_SEGMENTER) ? DEFAULT_SEGMENTER : null;
}

/** Autosaves and kept uploads: $XDG_STATE_HOME/tinct (~/.local/state/tinct). */
export function defaultStateDir(): string {
  return join(process.env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'tinct');
}

export const RENDERER_DIR = join(PACKAGE_ROOT, 'dist', 'renderer');
export const SAMPLES_DIR = join(PACKAGE_ROOT, 'resources', 'samples');
