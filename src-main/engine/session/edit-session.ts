/**
 * One photo open for editing: the network runs once on open; everything after — temperature,
 * object consistency, region choices, swatches — works on the cached distributions, so an edit
 * never re-runs a network. The preview (≤ 1 MP) is rendered synchronously; full resolution is
 * computed on export.
 */
import type { Colorizer } from '../models/colorizer-model.js';
import {
  PREVIEW_SIZE,
  reduceLightness,
  runColorNetwork,
  timed,
  type JobControl,
  type NetworkOutput,
  type Plane,
} from './stages.js';
import { newDocument, EditDocumentSchema, type EditDocument, type RegionChoice } from '../document/edit-document.js';
import { checkpoint, TinctError } from '../errors.js';
import {
  writeSamples,
  type BitDepth,
  type ExportFormat,
  type LabImage,
  type RgbSamples,
} from '../image/write-image.js';
import type { GreyImage, ImageSource } from '../image/read-image.js';
import { loadImageOrAhead } from '../image/decode-ahead.js';
import { agreeingRegions } from '../colour/agreeing-regions.js';
import { coherentDominantModes, PARENT_ALPHA, PARENT_GATE, PARENT_LEVEL } from '../colour/coherent-modes.js';
import { labelWeights, logSoftmax, poolLabel, poolRegions } from '../colour/pooling.js';
import { buildPairs, type Pairs } from '../colour/region-pairs.js';
import { planRegionUpsample, upsampleTaps, type UpsamplePlan, type UpsampleTaps } from '../upsample/region-upsample.js';
import { jointBilateralUpsample } from '../upsample/joint-bilateral-upsample.js';
import { labToRgba8 } from '../colour/lab-to-srgb.js';
import { regionModes } from '../colour/swatches.js';
import { characteristicModes, swatchMask, type CharacteristicMode } from '../colour/mode-colour.js';
import { prepareStrokeEdges, solveStrokeChange } from '../strokes/stroke-change.js';
import type { AbPlanes, Rendered } from '../preview/preview-kernels.js';
import {
  helperStarted,
  renderInBands,
  renderPreviewJob,
  sharedFloat32,
  sharedInt32,
  sharedUint16,
  solveStrokesOnTwoThreads,
  sharedUint8,
  sharedUint8Clamped,
  startPreviewHelper,
  toShared,
} from '../preview/preview-threads.js';
import { VERSION } from '../version.js';

export interface PreviewImage {
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
}
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
/** An alternative colour of a region: as shown (8-bit sRGB at the region's mean L), its ab, and its probability. */
export interface Swatch {
  rgb: [number, number, number];
  ab: [number, number];
  mass: number;
}
export interface RegionInfo {
  level: number;
  id: number;
  area: number;
  /** x, y, width, height in full-resolution pixels. */
  bbox: [number, number, number, number];
  /** Closed polylines in full-resolution pixels. */
  outline: [number, number][][];
  swatches: Swatch[];
  chosen: number | null;
  /**
   * The region's mean lightness (0..100): its swatches are shown at it, the gamut picker offers
   * the colours that exist at it.
   */
  lightness: number;
}

/**
 * A region hierarchy on the preview grid (the segmenter's, issue 4). Levels are numbers; a higher
 * level has fewer, larger regions.
 */
export interface RegionHierarchy {
  readonly width: number;
  readonly height: number;
  /** The level a click selects when the user has not grown or shrunk the selection. */
  readonly defaultLevel: number;
  /** The level whose regions colour is pooled over (coarser: consistency across whole objects). */
  readonly poolingLevel: number;
  labelsAt(level: number): { labels: Int32Array; count: number };
  regionAt(
    x: number,
    y: number,
    level: number,
  ): { id: number; area: number; bbox: [number, number, number, number]; outline: [number, number][][] } | null;
  /** One step up (grow) / down (shrink): for the region under a preview point when one is given. */
  parentLevel(level: number, x?: number, y?: number): number;
  childLevel(level: number, x?: number, y?: number): number;
}

export interface OpenOptions extends JobControl {
  pixelLimit?: number;
  previewSize?: number;
  /** Long side of the colour network's input; the model's inputSize when absent. */
  workingSize?: number;
}

/** Builds the region hierarchy for a photo, given its lightness at the preview grid. */
export type SegmentFunction = (L: Plane) => Promise<RegionHierarchy>;

/** A copy of a plane in shared memory. */
function sharedCopy(src: Float32Array): Float32Array {
  const out = sharedFloat32(src.length);
  out.set(src);
  return out;
}

/** A swatch's colour exactly as the preview would paint it (gamut-mapped at constant L, not clipped). */
function swatchRgb(L: number, ab: [number, number]): [number, number, number] {
  const px = labToRgba8({
    width: 1,
    height: 1,
    L: Float32Array.of(L),
    a: Float32Array.of(ab[0]),
    b: Float32Array.of(ab[1]),
    alpha: null,
  });
  return [px[0], px[1], px[2]];
}

export class EditSession {
  readonly name: string;
  readonly width: number;
  readonly height: number;
  private doc: EditDocument;
  private readonly preview: Plane;
  private readonly logp: Float32Array;
  private labels: Int32Array | null = null;
  private regionCount = 0;
  private pairs: Pairs;
  private plan: UpsamplePlan;
  private taps: UpsampleTaps | null = null;
  private logpS: Float32Array | null = null;
  /** Each pooling region's dominant mode (dominant-modes.ts), shared with the helper thread. */
  private dominant: Uint8Array | null = null;
  private agreeing: { labels: Int32Array; count: number } | null = null;
  private masks = new Map<number, Float32Array>();
  private overrides = new Map<number, [number, number]>();
  private regionCache = new Map<string, { modes: CharacteristicMode[]; meanL: number }>();
  /** The preview as rendered for a document (key), and the region colours alone (without strokes). */
  private cache: (Rendered & { key: string }) | null = null;
  private baseCache: (Rendered & { key: string }) | null = null;
  /**
   * Shared memory the preview's two threads write (preview-threads.ts), reused by every update:
   * the region colours, the colours with strokes, and the decoded pairs. The caches above point
   * into them, so each is overwritten only when its cache is replaced.
   */
  private regionOut: Rendered | null = null;
  private strokeOut: (Rendered & { changed: Uint8Array }) | null = null;
  private decoded: AbPlanes = { a: sharedFloat32(0), b: sharedFloat32(0) };
  /** The upsampling plan's and the pooling labels' memory, rewritten for each new label map. */
  private planMemory: Int32Array[] | null = null;
  private labelMemory: Int32Array | null = null;

  private constructor(
    private readonly img: GreyImage,
    private readonly model: Colorizer,
    private readonly net: NetworkOutput,
    private hierarchy: RegionHierarchy | null,
    previewSize: number,
    logp?: Float32Array,
    agreeing?: { labels: Int32Array; count: number },
  ) {
    this.name = img.name;
    this.width = img.width;
    this.height = img.height;
    // What every preview update reads is made shared once, so the helper thread reads it in place.
    const preview = reduceLightness(img, previewSize);
    this.preview = { ...preview, L: toShared(preview.L) };
    this.logp = toShared(logp ?? logSoftmax(net.logits));
    this.agreeing = agreeing ?? null;
    startPreviewHelper();
    this.doc = newDocument(img.name, img.width, img.height, model.defaultTemperature);
    this.pairs = this.rebuildPairs();
    this.plan = this.makePlan();
  }

  static async open(
    source: ImageSource,
    models: { colorizer: Colorizer; segment?: SegmentFunction | null },
    opts: OpenOptions = {},
  ): Promise<EditSession> {
    // The helper thread boots while the photo decodes, ready for the first preview or export.
    startPreviewHelper();
    opts.onProgress?.('decode', 0);
    const img = await timed(opts.times, 'decode', () => loadImageOrAhead(source, opts));
    await checkpoint(opts.signal);
    opts.onProgress?.('network', 0);
    const net = await timed(opts.times, 'network', () => runColorNetwork(img, models.colorizer, opts.workingSize));
    await checkpoint(opts.signal);
    const session = new EditSession(img, models.colorizer, net, null, opts.previewSize ?? PREVIEW_SIZE);
    if (models.segment) await session.attachRegions(models.segment, opts);
    return session;
  }

  /**
   * A frame of a video: decoded and through the network already, with the log-probabilities the
   * temporal memory made of the network's (pixel-major, as pooling.ts logSoftmax) and the regions
   * tracked from the shot's key frame, and the key frame's split of them into agreeing regions
   * moved along too (`poolingSplit`; found again when absent). Everything after that is a photo's
   * pipeline.
   */
  static forFrame(
    img: GreyImage,
    model: Colorizer,
    net: NetworkOutput,
    logp: Float32Array,
    hierarchy: RegionHierarchy | null,
    split?: { labels: Int32Array; count: number },
    previewSize = PREVIEW_SIZE,
  ): EditSession {
    return new EditSession(img, model, net, hierarchy, previewSize, logp, split);
  }

  /** The pooling level's regions split where their pixels disagree (preview grid), or null without regions. */
  poolingSplit(): { labels: Int32Array; count: number } | null {
    return this.hierarchy ? this.poolingRegions() : null;
  }

  /**
   * Segments the photo and pools colour over the regions from now on. The editor calls it after
   * the first (per-pixel) preview is on screen, so a photo shows in colour before its regions are
   * found; nothing changes if the job is cancelled.
   */
  async attachRegions(segment: SegmentFunction, job: JobControl = {}): Promise<void> {
    job.onProgress?.('segment', 0);
    const hierarchy = await timed(job.times, 'segment', () => segment(this.preview));
    await checkpoint(job.signal);
    this.hierarchy = hierarchy;
    this.agreeing = null;
    this.pairs = this.rebuildPairs();
    this.plan = this.makePlan();
  }

  /** True once a region hierarchy is attached (regions, swatches and region clicks work). */
  get hasRegions(): boolean {
    return this.hierarchy !== null;
  }

  /** Reads the photo's thin edges for the brush now (an editor, when idle), not on the first stroke. */
  prepareStrokes(): void {
    prepareStrokeEdges(this.preview, this.img);
  }

  /** Bits per sample of the source: the default export depth. */
  get bitDepth(): 8 | 16 {
    return this.img.bitDepth;
  }
  /** What the loader had to say (e.g. only the first frame of an animation was used). */
  get notes(): string[] {
    return this.img.notes;
  }
  get previewWidth(): number {
    return this.preview.width;
  }
  get previewHeight(): number {
    return this.preview.height;
  }
  get defaultLevel(): number {
    return this.hierarchy?.defaultLevel ?? 0;
  }
  /** The level one step larger (grow) than `level`, for the region under the point when given (full-resolution px). */
  parentLevel(level: number, x?: number, y?: number): number {
    const p = x !== undefined && y !== undefined ? this.toPreview(x, y) : [];
    return this.hierarchy?.parentLevel(level, p[0], p[1]) ?? level;
  }
  childLevel(level: number, x?: number, y?: number): number {
    const p = x !== undefined && y !== undefined ? this.toPreview(x, y) : [];
    return this.hierarchy?.childLevel(level, p[0], p[1]) ?? level;
  }

  document(): EditDocument {
    return structuredClone(this.doc);
  }

  setDocument(doc: EditDocument): void {
    const parsed = EditDocumentSchema.safeParse(doc);
    if (!parsed.success)
      throw new TinctError(
        this.name,
        `invalid edit document: ${parsed.error.issues[0].path.join('.')}: ${parsed.error.issues[0].message}`,
      );
    const before = this.doc;
    this.doc = structuredClone(parsed.data);
    // The label map changes only with selections at other levels; a swatch or colour choice only
    // changes which region is restricted how, which is cheap to redo.
    if (this.labelKey(this.doc) !== this.labelKey(before)) {
      this.pairs = this.rebuildPairs();
      this.plan = this.makePlan();
    }
    // A swatch is a mode of the region's distribution at the temperature, so it follows T too,
    // and its restriction weighs the region's pool by κ (mode-colour.ts swatchMask).
    else if (
      JSON.stringify(this.doc.regions) !== JSON.stringify(before.regions) ||
      (JSON.stringify(this.doc.settings) !== JSON.stringify(before.settings) &&
        this.doc.regions.some((c) => c.swatch !== undefined))
    )
      this.applyChoices();
  }

  private makePlan(): UpsamplePlan {
    const { logits } = this.net;
    if (!this.taps) {
      const t = upsampleTaps(
        this.net.guide,
        logits.width,
        logits.height,
        this.preview.L,
        this.preview.width,
        this.preview.height,
      );
      this.taps = { ...t, w: t.w.map(toShared) };
    }
    const n = this.preview.width * this.preview.height;
    this.planMemory ??= [0, 1, 2, 3].map(() => sharedInt32(n));
    return planRegionUpsample(this.taps, this.pairs, this.labels, this.planMemory);
  }

  private labelKey(doc: EditDocument): string {
    const level = this.hierarchy?.poolingLevel;
    return JSON.stringify(doc.regions.filter((c) => c.level !== level).map((c) => [c.point, c.level]));
  }

  /**
   * The label map pooling uses: the hierarchy's pooling level, with each region the user chose at
   * another level replacing the pooled regions under it. Without a hierarchy there are no regions
   * (every pixel -1) and colour is per pixel whatever κ says.
   */
  private rebuildPairs(): Pairs {
    const { width: W, height: H } = this.preview;
    const { width: w, height: h } = this.net.logits;
    this.cache = this.baseCache = null;
    if (!this.hierarchy) {
      this.labels = null;
      this.regionCount = 0;
      this.logpS = this.dominant = null;
      return this.sharePairs(buildPairs(new Int32Array(W * H).fill(-1), W, H, w, h));
    }
    const base = this.poolingRegions();
    const labels = (this.labelMemory ??= sharedInt32(W * H));
    labels.set(base.labels);
    let count = base.count;
    for (const c of this.doc.regions) {
      if (c.level === this.hierarchy.poolingLevel) continue;
      const [px, py] = this.toPreview(c.point[0], c.point[1]);
      const mine = this.hierarchy.labelsAt(c.level);
      const id = mine.labels[py * W + px];
      const S = count++;
      for (let i = 0; i < labels.length; i++) if (mine.labels[i] === id) labels[i] = S;
    }
    this.labels = labels;
    this.regionCount = count;
    const pairs = this.sharePairs(buildPairs(labels, W, H, w, h));
    const { Q } = this.net.logits;
    this.logpS = toShared(poolRegions(this.logp, Q, w * h, pairs, count));
    // The parent prior is off by default (coherent-modes.ts says why); its labels only when on.
    const parents = PARENT_ALPHA > 0 ? this.hierarchy.labelsAt(PARENT_LEVEL) : null;
    this.dominant = coherentDominantModes(
      this.logp,
      this.logpS,
      labels,
      count,
      Q,
      this.model.bins,
      { W, H, w, h },
      parents && { labels: parents.labels, count: parents.count, alpha: PARENT_ALPHA, gate: PARENT_GATE },
      sharedUint8(count * Q),
    );
    this.applyChoices();
    return pairs;
  }

  /**
   * The regions colour is pooled over before any user choice: the pooling level's, split where
   * their pixels disagree (agreeing-regions.ts). Depends only on the photo: found once.
   */
  private poolingRegions(): { labels: Int32Array; count: number } {
    if (!this.agreeing) {
      const { width: W, height: H } = this.preview;
      const { width: w, height: h, Q } = this.net.logits;
      const hier = this.hierarchy!;
      this.agreeing = agreeingRegions(
        this.logp,
        Q,
        this.model.bins,
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

  /** The pairs in shared memory, with room to decode them. */
  private sharePairs(pairs: Pairs): Pairs {
    const m = pairs.region.length;
    if (this.decoded.a.length < m) this.decoded = { a: sharedFloat32(m), b: sharedFloat32(m) };
    return { start: toShared(pairs.start), region: toShared(pairs.region), weight: pairs.weight };
  }

  /** Swatch restrictions and custom colours of the regions the user chose. */
  private applyChoices(): void {
    this.masks.clear();
    this.overrides.clear();
    this.cache = this.baseCache = null;
    if (!this.labels) return;
    const { Q } = this.net.logits;
    for (const c of this.doc.regions) {
      const [px, py] = this.toPreview(c.point[0], c.point[1]);
      const S = this.labels[py * this.preview.width + px];
      if (c.ab) this.overrides.set(S, [c.ab[0], c.ab[1]]);
      else if (c.swatch !== undefined) {
        // The swatch list the user picked from: the modes of the region clicked, at its level.
        const mode = this.clickedRegion(px, py, c.level)?.modes[c.swatch];
        const { temperature: T, consistency: kappa } = this.doc.settings;
        if (mode && this.logpS) this.masks.set(S, swatchMask(mode, this.logpS, S * Q, Q, T, kappa));
      }
    }
  }

  private toPreview(x: number, y: number): [number, number] {
    const { width: W, height: H } = this.preview;
    return [
      Math.min(W - 1, Math.max(0, Math.floor((x / this.width) * W))),
      Math.min(H - 1, Math.max(0, Math.floor((y / this.height) * H))),
    ];
  }

  /**
   * The region under a preview point at `level`: its own pooled distribution's modes (the
   * swatches) and mean lightness. Pooled on its own, not read from the pooling regions, since a
   * click may select a finer or coarser region than colour is pooled over. Cached per region and
   * temperature: the distributions never change within a session.
   */
  private clickedRegion(px: number, py: number, level: number): { modes: CharacteristicMode[]; meanL: number } | null {
    if (!this.hierarchy) return null;
    const { labels } = this.hierarchy.labelsAt(level);
    const { width: W, height: H } = this.preview;
    const id = labels[py * W + px];
    const T = this.doc.settings.temperature;
    const key = `${level}|${id}|${T}`;
    let hit = this.regionCache.get(key);
    if (!hit) {
      const { logits } = this.net;
      const wt = labelWeights(labels, id, W, H, logits.width, logits.height);
      const logpR = poolLabel(this.logp, logits.Q, labels, id, W, H, logits.width, logits.height, wt);
      let sum = 0,
        cnt = 0;
      for (let i = 0; i < labels.length; i++)
        if (labels[i] === id) {
          sum += this.preview.L[i];
          cnt++;
        }
      hit = {
        // The modes of the region's pool, each coloured by the region's pixels in it (mode-colour.ts).
        modes: characteristicModes(
          this.logp,
          logits.Q,
          wt,
          regionModes(logpR, 0, logits.Q, this.model.bins, T, this.model.alternatives ? undefined : 1),
          this.model.bins,
          T,
        ),
        meanL: cnt ? sum / cnt : 50,
      };
      if (this.regionCache.size > 256) this.regionCache.clear();
      this.regionCache.set(key, hit);
    }
    return hit;
  }

  /**
   * The preview for the current document (shared memory: valid until the next render), rendered
   * once per document: the region colours (cached on their own: painting a stroke changes only the
   * strokes, so it need not decode the distributions again), then the strokes over them.
   */
  private previewRender(): Rendered {
    const key = JSON.stringify([this.doc.settings, this.doc.regions, this.doc.strokes]);
    if (this.cache?.key === key) return this.cache;
    const base = this.regionRender();
    const { width: W, height: H } = this.preview;
    const change = this.doc.strokes.length
      ? solveStrokeChange(this.preview, base, this.doc.strokes, W / this.width, solveStrokesOnTwoThreads, this.img)
      : null;
    if (!change) {
      this.cache = { ...base, key };
      return this.cache;
    }
    this.strokeOut ??= {
      a: sharedFloat32(W * H),
      b: sharedFloat32(W * H),
      rgba: sharedUint8Clamped(4 * W * H),
      changed: sharedUint8(W * H),
    };
    renderPreviewJob({ kind: 'stroke', preview: this.preview, change, base, out: this.strokeOut });
    this.cache = { key, a: this.strokeOut.a, b: this.strokeOut.b, rgba: this.strokeOut.rgba };
    return this.cache;
  }

  /** The colours from the distributions and region choices alone (no strokes). */
  private regionRender(): Rendered {
    const { temperature: T, consistency: kappa } = this.doc.settings;
    const key = JSON.stringify([T, kappa, this.doc.regions]);
    if (this.baseCache?.key === key) return this.baseCache;
    const { logits } = this.net;
    const { width: W, height: H } = this.preview;
    this.regionOut ??= { a: sharedFloat32(W * H), b: sharedFloat32(W * H), rgba: sharedUint8Clamped(4 * W * H) };
    let overrides = null;
    if (this.overrides.size && this.labels) {
      const ab = new Float32Array(2 * this.regionCount).fill(NaN);
      for (const [S, [oa, ob]] of this.overrides) {
        ab[2 * S] = oa;
        ab[2 * S + 1] = ob;
      }
      overrides = { ab, labels: this.labels };
    }
    renderPreviewJob({
      kind: 'region',
      preview: this.preview,
      net: {
        width: logits.width,
        height: logits.height,
        Q: logits.Q,
        logp: this.logp,
        logpS: this.logpS,
        bins: this.model.bins,
        dominant: this.dominant,
      },
      pairs: this.pairs,
      plan: this.plan,
      T,
      kappa,
      masks: [...this.masks],
      overrides,
      decoded: this.decoded,
      out: this.regionOut,
    });
    this.baseCache = { key, ...this.regionOut };
    return this.baseCache;
  }

  renderPreview(): PreviewImage {
    const { width, height } = this.preview;
    // A copy: the rendering is shared memory that the next update overwrites.
    return { width, height, rgba: this.previewRender().rgba.slice() };
  }

  greyPreview(): PreviewImage {
    const { width, height, L } = this.preview;
    const zero = new Float32Array(width * height);
    return { width, height, rgba: labToRgba8({ width, height, L, a: zero, b: zero, alpha: null }) };
  }

  /**
   * The document with one more region choice: an earlier choice at the same level whose point lies
   * in the same region is replaced (one choice per region), so a UI need not match regions itself.
   */
  withRegionChoice(choice: RegionChoice): EditDocument {
    const doc = this.document();
    const regionOf = (point: [number, number]) => {
      const [px, py] = this.toPreview(point[0], point[1]);
      return this.hierarchy?.regionAt(px, py, choice.level)?.id;
    };
    const id = regionOf(choice.point);
    doc.regions = doc.regions.filter((c) => c.level !== choice.level || id === undefined || regionOf(c.point) !== id);
    doc.regions.push(choice);
    return doc;
  }

  regionAt(x: number, y: number, level = this.defaultLevel): RegionInfo | null {
    if (!this.hierarchy || !this.labels) return null;
    const [px, py] = this.toPreview(x, y);
    const r = this.hierarchy.regionAt(px, py, level);
    if (!r) return null;
    const sx = this.width / this.preview.width,
      sy = this.height / this.preview.height;
    // The swatches are shown at the region's mean lightness.
    const { modes, meanL: L } = this.clickedRegion(px, py, level)!;
    const choice = this.doc.regions.find((c) => {
      const [cx, cy] = this.toPreview(c.point[0], c.point[1]);
      return c.level === level && this.hierarchy!.regionAt(cx, cy, level)?.id === r.id;
    });
    return {
      level,
      id: r.id,
      area: Math.round(r.area * sx * sy),
      bbox: [r.bbox[0] * sx, r.bbox[1] * sy, r.bbox[2] * sx, r.bbox[3] * sy],
      outline: r.outline.map((line) => line.map(([ox, oy]) => [ox * sx, oy * sy] as [number, number])),
      swatches: modes.map((m) => ({ rgb: swatchRgb(L, m.ab), ab: [m.ab[0], m.ab[1]], mass: m.mass })),
      chosen: choice?.swatch ?? null,
      lightness: L,
    };
  }

  /** ab of the current result at a full-resolution point (the brush's colour sampler). */
  sampleColour(x: number, y: number): [number, number] {
    const { a, b } = this.previewRender();
    const [px, py] = this.toPreview(x, y);
    const i = py * this.preview.width + px;
    return [a[i], b[i]];
  }

  /**
   * The result at full resolution as Lab planes (a film's frames: the writer converts them); the
   * preview's colours upsampled along the original L. A photo's export takes the faster banded
   * path below, which never holds full-resolution a and b.
   */
  async fullResolution(job: JobControl = {}): Promise<LabImage> {
    const ab = await this.copyOfPreviewAb(job);
    job.onProgress?.('upsample', 0);
    const { a, b } = await timed(job.times, 'upsample', () => {
      const { width: W, height: H } = this.preview;
      if (W === this.width && H === this.height) return ab;
      const [ua, ub] = jointBilateralUpsample(this.preview.L, [ab.a, ab.b], W, H, this.img.L, this.width, this.height);
      return { a: ua, b: ub };
    });
    return { width: this.width, height: this.height, L: this.img.L, a, b, alpha: this.img.alpha };
  }

  /** The preview's ab, copied (shared, for the threads): another edit may render into the same memory meanwhile. */
  private async copyOfPreviewAb(job: JobControl): Promise<{ a: Float32Array; b: Float32Array }> {
    job.onProgress?.('distributions', 0);
    const ab = await timed(job.times, 'distributions', () => {
      const { a, b } = this.previewRender();
      return { a: sharedCopy(a), b: sharedCopy(b) };
    });
    await checkpoint(job.signal);
    return ab;
  }

  /** What a result records of how it was made (the file's XMP, a video's comment tag). */
  settingsRecord(): Record<string, unknown> {
    return {
      tinct: VERSION,
      model: this.model.spec.name,
      modelVersion: this.model.spec.version,
      ...this.doc.settings,
      regions: this.doc.regions.length,
      strokes: this.doc.strokes.length,
    };
  }

  async export(
    path: string,
    opts: { format: ExportFormat; bits: BitDepth; provenance?: unknown },
    job: JobControl = {},
  ): Promise<void> {
    const ab = await this.copyOfPreviewAb(job);
    job.onProgress?.('upsample', 0);
    // Both threads for the pass, if the helper is still booting (a CLI run just opened the photo):
    // waiting at most about what the pass takes on one thread (~0.1 µs a pixel), so a small photo
    // does not wait for a helper it hardly needs.
    await helperStarted(Math.min(2000, (this.width * this.height) / 10_000));
    const bits: BitDepth = opts.format === 'jpeg' ? 8 : opts.bits;
    const samples = await timed(job.times, 'upsample', () => this.fullResolutionSamples(ab, bits));
    await checkpoint(job.signal);
    job.onProgress?.('encode', 0);
    const settings = this.settingsRecord();
    await timed(job.times, 'encode', () =>
      writeSamples(path, samples, { ...opts, bits, settings, signal: job.signal }),
    );
  }

  /**
   * The export's samples: ab upsampled to full resolution and converted to sRGB in one pass over
   * bands of rows, on both threads (upsample/export-rows.ts); with TINCT_THREADS=1, the same on one.
   */
  private fullResolutionSamples(ab: { a: Float32Array; b: Float32Array }, bits: BitDepth): RgbSamples {
    const { width, height } = this;
    const channels = this.img.alpha ? 4 : 3;
    const data = bits === 16 ? sharedUint16(width * height * channels) : sharedUint8(width * height * channels);
    const alpha = this.img.alpha ? toShared(this.img.alpha) : null;
    renderInBands(
      {
        kind: 'export',
        low: { width: this.preview.width, height: this.preview.height, L: this.preview.L, ...ab },
        full: { width, height, L: toShared(this.img.L), alpha },
        bits,
        out: data,
      },
      height,
    );
    return { width, height, channels, bits, data };
  }

  /** ab at full resolution in a window of the photo (the editor's zoomed-in view), guided by the full-resolution L. */
  private fullResolutionAb(
    ab: { a: Float32Array; b: Float32Array },
    window: Rect,
  ): { a: Float32Array; b: Float32Array } {
    const { width: W, height: H } = this.preview;
    const [a, b] = jointBilateralUpsample(this.preview.L, [ab.a, ab.b], W, H, this.img.L, this.width, this.height, {
      window,
    });
    return { a, b };
  }

  /**
   * A rectangle of the photo at full resolution, colour or grey: what the editor shows when it is
   * zoomed in past the preview's resolution, so the view stays crisp at any zoom. The rectangle is
   * clipped to the photo.
   */
  renderTile(rect: Rect, which: 'colour' | 'grey'): PreviewImage & { x: number; y: number } {
    const x = Math.max(0, Math.min(this.width - 1, Math.floor(rect.x)));
    const y = Math.max(0, Math.min(this.height - 1, Math.floor(rect.y)));
    const width = Math.max(1, Math.min(this.width - x, Math.ceil(rect.width)));
    const height = Math.max(1, Math.min(this.height - y, Math.ceil(rect.height)));
    const L = new Float32Array(width * height);
    for (let r = 0; r < height; r++)
      L.set(this.img.L.subarray((y + r) * this.width + x, (y + r) * this.width + x + width), r * width);
    const window = { x, y, width, height };
    const { a, b } =
      which === 'grey'
        ? { a: new Float32Array(width * height), b: new Float32Array(width * height) }
        : this.fullResolutionAb(this.previewRender(), window);
    return { x, y, width, height, rgba: labToRgba8({ width, height, L, a, b, alpha: null }) };
  }

  /** For tests and evaluation: pool over a given label map (preview grid) instead of a hierarchy's. */
  static withLabels(session: EditSession, labels: Int32Array, count: number): EditSession {
    const fixed: RegionHierarchy = {
      width: session.preview.width,
      height: session.preview.height,
      defaultLevel: 0,
      poolingLevel: 0,
      labelsAt: () => ({ labels, count }),
      regionAt: () => null,
      parentLevel: (l) => l,
      childLevel: (l) => l,
    };
    return new EditSession(
      session.img,
      session.model,
      session.net,
      fixed,
      Math.max(session.preview.width, session.preview.height),
    );
  }
}
