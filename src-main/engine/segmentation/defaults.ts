/**
 * The default level of the hierarchy: the threshold on merge strength that maximises
 * segmentation covering (ODS, the best common level) on BSDS500 val (100 images, all annotators)
 * with the shipped models/segmenter.onnx (tinct-segmenter 1.1.0, two training stages) at its
 * inputSize 480. Measured 2026-11-27 with:
 *   npm run eval:seg -- --images ../shared/data/bsds500/val/images --segs ../shared/data/bsds500/val/segs
 * which gave covering 0.569, PRI 0.792, VI 1.247, boundary F 0.674 (approximate) at 0.84, about 15
 * regions per photo (model 1.0.0: 0.563, 0.791, 1.277, 0.674 at 0.82). Re-measure and update
 * whenever the segmenter model or the hierarchy changes.
 */
export const DEFAULT_LEVEL = 0.84;

/**
 * The level whose regions colour is pooled over (object consistency), coarser than the level a
 * click selects: pooling should reach across the whole object, while a click should pick the
 * finest region a person would call one thing. Chosen on BSDS500 val with eval:color (100
 * photos): with model 1.0.0 and κ = 0.6 the split rate was 2.8 % at 0.82 and 1.0 % at 0.9
 * (κ = 0: 5.9 %) for 0.5 points of AuC rebalanced. With model 1.1.0 at 0.9: 1.6 % at κ = 1
 * (κ = 0: 6.5 %), AuC rebalanced 79.7 (κ = 0: 80.2); at 0.93 with κ = 0.8, 2.1 % and 80.0.
 * With segmenter 1.1.0 at 0.9: 1.8 % at κ = 1, AuC rebalanced 80.0 (κ = 0.8: 2.4 %, 80.3).
 * Since regions decode inside their dominant mode and split where their pixels disagree
 * (colour/agreeing-regions.ts), coarser pooling costs less colour: with colorizer 2.1.0 (AuC
 * rebalanced on 2.0.0's prior; κ = 0: 78.2, split 7.8 %, colourful 1.20 × the truth) at κ = 1:
 * 0.9 → 78.0 / 5.4 % / 1.27, 0.93 → 77.5 / 3.7 %, 0.96 → 77.1 / 2.5 % / 1.05, 0.98 → 76.2 / 1.5 % /
 * 0.89; at 0.96 with the split at 0.40 and κ = 0.5 (the default now): 78.1 / 2.5 % / 1.20
 * (κ = 0.4: 78.3 / 2.6 %; 0.95 and κ = 0.5: 78.2 / 2.8 %).
 * A user's choice at any other level replaces these regions locally.
 *   TINCT_POOLING_LEVEL=… npm run eval:color -- --images ../shared/data/bsds500/val/images \
 *     --segs ../shared/data/bsds500/val/segs --consistency 0,0.6,1
 */
export const POOLING_LEVEL = 0.96;

/**
 * Regions under this fraction of the working image have their borders weakened in proportion to
 * sqrt(area / (fraction · pixels)) while merging (merge.ts), so fragments join their surroundings
 * first rather than surviving as specks up to high levels. Chosen on the first 20 val images with
 * an early checkpoint (covering 0.538 without, 0.550 with); on all of val with the shipped model
 * the choice matters little (best covering 0.560 at 0.0001, 0.564 at 0.003, 0.563 at 0.005,
 * 0.562 at 0.01) but it keeps the default level at ~17 regions per photo instead of ~42.
 */
export const DEFAULT_SMALL_AREA = 0.005;
