/**
 * The colourisation pipeline on one image: working-size L -> network -> annealed mean -> ab
 * brought to full resolution guided by the full-resolution L. Each stage is timed, reports
 * progress and honours cancellation.
 */
import type { Colorizer } from './colorizer.js';
import { annealedMean } from './decode.js';
import { throwIfAborted } from './errors.js';
import type { LabImage } from './export.js';
import { jointBilateralUpsample } from './joint-bilateral-upsample.js';
import type { GreyImage } from './image-load.js';
import { fitLongSide, resizeArea, resizeBilinear } from './resample.js';

export interface ColorizeSettings {
  /** Annealed-mean temperature; the model's default (0.38) when absent. */
  temperature?: number;
  /** Long side of the network's input; the model's inputSize when absent. */
  workingSize?: number;
}

export type Stage = 'decode' | 'network' | 'distributions' | 'upsample' | 'encode';
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

/** The working-size L every network and preview uses. */
export function workingLightness(img: GreyImage, longSide: number) {
  const { width, height } = fitLongSide(img.width, img.height, longSide);
  return { L: resizeArea(img.L, img.width, img.height, width, height), width, height };
}

export async function colorize(img: GreyImage, model: Colorizer, settings: ColorizeSettings = {}, job: JobControl = {}): Promise<LabImage> {
  const { onProgress, signal, times } = job;
  const T = settings.temperature ?? model.defaultTemperature;
  const work = workingLightness(img, settings.workingSize ?? model.manifest.inputSize);
  onProgress?.('network', 0);
  const logits = await timed(times, 'network', () => model.logits(work.L, work.width, work.height));
  throwIfAborted(signal);
  onProgress?.('distributions', 0);
  const ab = await timed(times, 'distributions', () => {
    const low = annealedMean(logits, model.bins, T);
    // Network output -> working grid (stride s): output pixel i covers input pixels [i·s, (i+1)·s).
    const s = logits.stride;
    return [low.a, low.b].map((p) => resizeBilinear(p, low.width, low.height, work.width, work.height, 1 / s, 1 / s));
  });
  throwIfAborted(signal);
  onProgress?.('upsample', 0);
  const [a, b] = await timed(times, 'upsample', () =>
    jointBilateralUpsample(work.L, ab, work.width, work.height, img.L, img.width, img.height));
  throwIfAborted(signal);
  return { width: img.width, height: img.height, L: img.L, a, b, alpha: img.alpha };
}
