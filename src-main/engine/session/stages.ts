/**
 * The stages of colourisation that EditSession (and through it the CLI) strings together:
 *   working-size L -> network logits -> ab per network pixel (annealed mean, optionally pooled per
 *   region) -> ab at the preview size (≤ 1 MP) -> ab at full resolution,
 * each upsampling step guided by the lightness at the target size (joint bilateral), so colour
 * follows the original's edges. Jobs are timed per stage, report progress and can be cancelled.
 */
import type { Colorizer, Logits } from '../models/colorizer-model.js';
import type { AbPlanes } from '../colour/annealed-mean.js';
import type { GreyImage } from '../image/read-image.js';
import { jointBilateralUpsample } from '../upsample/joint-bilateral-upsample.js';
import { fitLongSide, resizeArea } from '../upsample/resample.js';

export interface ColorizeSettings {
  /** Annealed-mean temperature; the model's default (0.38) when absent. */
  temperature?: number;
  /** Long side of the network's input; the model's inputSize when absent. */
  workingSize?: number;
}

/** Long side of the intermediate (preview) resolution between the network and the full image. */
export const PREVIEW_SIZE = 1024;

export type Stage = 'decode' | 'network' | 'segment' | 'distributions' | 'upsample' | 'encode' | 'frames';
export type StageTimes = Partial<Record<Stage, number>>;
export type Progress = (stage: Stage, fraction: number) => void;

export interface JobControl {
  onProgress?: Progress;
  signal?: AbortSignal;
  times?: StageTimes;
}

export async function timed<T>(times: StageTimes | undefined, stage: Stage, fn: () => Promise<T> | T): Promise<T> {
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    if (times) times[stage] = (times[stage] ?? 0) + performance.now() - t0;
  }
}

export interface Plane {
  L: Float32Array;
  width: number;
  height: number;
}

/** L of img reduced (area average) so its long side is at most longSide. */
export function reduceLightness(img: { L: Float32Array; width: number; height: number }, longSide: number): Plane {
  const { width, height } = fitLongSide(img.width, img.height, longSide);
  return { L: resizeArea(img.L, img.width, img.height, width, height), width, height };
}

/** What the network says about a photo: its logits and the lightness at the logits' grid. */
export interface NetworkOutput {
  logits: Logits;
  /** L averaged over each network output pixel: the guide for the first upsampling. */
  guide: Float32Array;
}

export async function runColorNetwork(img: GreyImage, model: Colorizer, workingSize?: number): Promise<NetworkOutput> {
  const work = reduceLightness(img, workingSize ?? model.spec.inputSize);
  const logits = await model.logits(work.L, work.width, work.height);
  return { logits, guide: resizeArea(work.L, work.width, work.height, logits.width, logits.height) };
}

/** ab at the network's grid -> ab at `target`'s size, following target's lightness edges. */
export function upsampleAb(guideLow: Float32Array, ab: AbPlanes, target: Plane): AbPlanes {
  if (ab.width === target.width && ab.height === target.height) return { ...ab };
  const [a, b] = jointBilateralUpsample(
    guideLow,
    [ab.a, ab.b],
    ab.width,
    ab.height,
    target.L,
    target.width,
    target.height,
  );
  return { a, b, width: target.width, height: target.height };
}
