/**
 * The default level of the hierarchy: the threshold on merge strength that maximises
 * segmentation covering (ODS, the best common level) on BSDS500 val (100 images, all annotators)
 * with the shipped models/segmenter.onnx (tinct-segmenter 1.0.0, step 2106) at its inputSize 480.
 * Measured 2026-11-27 with:
 *   npm run eval:seg -- --images ../shared/data/bsds500/val/images --segs ../shared/data/bsds500/val/segs
 * which gave covering 0.563, PRI 0.791, VI 1.277, boundary F 0.674 (approximate) at 0.82, about 17
 * regions per photo. Re-measure and update whenever the segmenter model or the hierarchy changes.
 */
export const DEFAULT_LEVEL = 0.82;

/**
 * Regions under this fraction of the working image have their borders weakened in proportion to
 * sqrt(area / (fraction · pixels)) while merging (merge.ts), so fragments join their surroundings
 * first. 0.005 was the best of 0, 0.002, 0.005, 0.01, 0.02 for covering on the first 20 BSDS500
 * val images with an early checkpoint of the segmenter (covering 0.538 -> 0.550, PRI 0.782 -> 0.786).
 */
export const DEFAULT_SMALL_AREA = 0.005;
