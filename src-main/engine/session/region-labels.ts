/**
 * The label map colour is pooled over, and what pooling needs of it: the hierarchy's pooling level
 * split where its pixels disagree (agreeing-regions.ts), with each region the user chose at another
 * level laid over it; the network-grid pairs, the pooled log-probabilities, each region's dominant
 * mode and the region upsampling plan. All in shared memory, which the preview's helper thread
 * reads in place; rebuilt only when the label map changes (a choice at another level), since a
 * swatch or a colour choice only changes how a region is restricted.
 */
import type { RegionChoice } from '../document/edit-document.js';
import { agreeingRegions } from '../colour/agreeing-regions.js';
import { coherentDominantModes, PARENT_ALPHA, PARENT_GATE, PARENT_LEVEL } from '../colour/coherent-modes.js';
import { poolRegions } from '../colour/pooling.js';
import { buildPairs, type Pairs } from '../colour/region-pairs.js';
import { planRegionUpsample, upsampleTaps, type UpsamplePlan, type UpsampleTaps } from '../upsample/region-upsample.js';
import type { AbPlanes } from '../preview/preview-kernels.js';
import { sharedFloat32, sharedInt32, sharedUint8, toShared } from '../preview/preview-threads.js';
import { toPreview, type SessionPhoto } from './session-photo.js';
import type { RegionHierarchy } from './session-types.js';

export interface LabelMap {
  labels: Int32Array;
  count: number;
}

export class RegionLabels {
  /** The map pooling uses (preview grid), null without a hierarchy: every pixel its own colour. */
  labels: Int32Array | null = null;
  count = 0;
  pairs!: Pairs;
  plan!: UpsamplePlan;
  logpS: Float32Array | null = null;
  /** Each pooling region's dominant mode (dominant-modes.ts, coherent-modes.ts), shared with the helper thread. */
  dominant: Uint8Array | null = null;
  /** Room to decode the pairs into, grown with them. */
  decoded: AbPlanes = { a: sharedFloat32(0), b: sharedFloat32(0) };
  private taps: UpsampleTaps | null = null;
  /** The upsampling plan's and the labels' memory, rewritten for each new label map. */
  private planMemory: Int32Array[] | null = null;
  private labelMemory: Int32Array | null = null;

  constructor(
    private readonly photo: SessionPhoto,
    private hier: RegionHierarchy | null,
    private agreeing: LabelMap | null = null,
  ) {}

  /** The segmenter's hierarchy, null until one is attached (or without a segmenter). */
  get hierarchy(): RegionHierarchy | null {
    return this.hier;
  }

  /** A new hierarchy (the segmenter's, found after the first preview); `rebuild` follows. */
  attach(hierarchy: RegionHierarchy): void {
    this.hier = hierarchy;
    this.agreeing = null;
  }

  /** Which choices decide the label map: those at a level other than the pooling level. */
  shapesLabels(choice: RegionChoice): boolean {
    return choice.level !== this.hier?.poolingLevel;
  }

  /**
   * The label map for these choices: the hierarchy's pooling level, with each region the user chose
   * at another level replacing the pooled regions under it. Without a hierarchy there are no
   * regions (every pixel -1) and colour is per pixel whatever κ says.
   */
  rebuild(choices: RegionChoice[]): void {
    const { width: W, height: H } = this.photo.preview;
    const { width: w, height: h, Q } = this.photo.net.logits;
    if (!this.hier) {
      this.labels = this.logpS = this.dominant = null;
      this.count = 0;
      this.pairs = this.sharePairs(buildPairs(new Int32Array(W * H).fill(-1), W, H, w, h));
    } else {
      const base = this.poolingSplit()!;
      const labels = (this.labelMemory ??= sharedInt32(W * H));
      labels.set(base.labels);
      let count = base.count;
      for (const c of choices) {
        if (!this.shapesLabels(c)) continue;
        const [px, py] = toPreview(this.photo, c.point[0], c.point[1]);
        const mine = this.hier.labelsAt(c.level);
        const id = mine.labels[py * W + px];
        const S = count++;
        for (let i = 0; i < labels.length; i++) if (mine.labels[i] === id) labels[i] = S;
      }
      this.labels = labels;
      this.count = count;
      this.pairs = this.sharePairs(buildPairs(labels, W, H, w, h));
      this.logpS = toShared(poolRegions(this.photo.logp, Q, w * h, this.pairs, count));
      // The parent prior is off by default (coherent-modes.ts says why); its labels only when on.
      const parents = PARENT_ALPHA > 0 ? this.hier.labelsAt(PARENT_LEVEL) : null;
      this.dominant = coherentDominantModes(
        this.photo.logp,
        this.logpS,
        labels,
        count,
        Q,
        this.photo.model.bins,
        { W, H, w, h },
        parents && { labels: parents.labels, count: parents.count, alpha: PARENT_ALPHA, gate: PARENT_GATE },
        sharedUint8(count * Q),
      );
    }
    this.plan = this.makePlan();
  }

  /**
   * The regions colour is pooled over before any user choice: the pooling level's, split where
   * their pixels disagree (agreeing-regions.ts), or null without regions. Depends only on the
   * photo: found once (a film's frame gets its key frame's, moved along the motion).
   */
  poolingSplit(): LabelMap | null {
    const hier = this.hier;
    if (!hier) return null;
    if (!this.agreeing) {
      const { width: W, height: H } = this.photo.preview;
      const { width: w, height: h, Q } = this.photo.net.logits;
      this.agreeing = agreeingRegions(
        this.photo.logp,
        Q,
        this.photo.model.bins,
        (l) => hier.labelsAt(l),
        hier.poolingLevel,
        W,
        H,
        w,
        h,
      );
    }
    return this.agreeing;
  }

  /** The pooling region under a preview point; -1 without regions. */
  labelAt(px: number, py: number): number {
    return this.labels ? this.labels[py * this.photo.preview.width + px] : -1;
  }

  /** The id of the hierarchy's region at `level` under a full-resolution point. */
  regionIdAt(point: [number, number], level: number): number | undefined {
    const [px, py] = toPreview(this.photo, point[0], point[1]);
    return this.hier?.regionAt(px, py, level)?.id;
  }

  private makePlan(): UpsamplePlan {
    const { net, preview } = this.photo;
    if (!this.taps) {
      const t = upsampleTaps(net.guide, net.logits.width, net.logits.height, preview.L, preview.width, preview.height);
      this.taps = { ...t, w: t.w.map(toShared) };
    }
    const n = preview.width * preview.height;
    this.planMemory ??= [0, 1, 2, 3].map(() => sharedInt32(n));
    return planRegionUpsample(this.taps, this.pairs, this.labels, this.planMemory);
  }

  /** The pairs in shared memory, with room to decode them. */
  private sharePairs(pairs: Pairs): Pairs {
    const m = pairs.region.length;
    if (this.decoded.a.length < m) this.decoded = { a: sharedFloat32(m), b: sharedFloat32(m) };
    return { start: toShared(pairs.start), region: toShared(pairs.region), weight: pairs.weight };
  }
}

/** A hierarchy of one level over a given label map (tests and evaluation: EditSession.withLabels). */
export function fixedHierarchy(width: number, height: number, map: LabelMap): RegionHierarchy {
  return {
    width,
    height,
    defaultLevel: 0,
    poolingLevel: 0,
    labelsAt: () => map,
    regionAt: () => null,
    parentLevel: (l) => l,
    childLevel: (l) => l,
  };
}
