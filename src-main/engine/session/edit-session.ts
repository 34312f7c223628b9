/**
 * One photo open for editing: the network runs once on open; everything after — temperature,
 * object consistency, region choices, swatches — works on the cached distributions, so an edit
 * never re-runs a network. The preview (≤ 1 MP) is rendered synchronously; full resolution is
 * computed on export.
 *
 * This class is the facade; each job is its own file: session-photo.ts (what never changes),
 * region-labels.ts (the label map pooling uses), clicked-region.ts (a clicked region's swatches),
 * region-choices.ts (swatch masks, custom colours), document-changes.ts + render-cache.ts (the
 * preview, cached by version), export-path.ts (full resolution, banded) and frame-path.ts (a film's frame).
 */
import type { Colorizer } from '../models/colorizer-model.js';
import { PREVIEW_SIZE, runColorNetwork, timed, type JobControl, type NetworkOutput } from './stages.js';
import { newDocument, EditDocumentSchema, type EditDocument, type RegionChoice } from '../document/edit-document.js';
import { checkpoint, TinctError } from '../errors.js';
import type { LabImage } from '../image/write-image.js';
import type { GreyImage, ImageSource } from '../image/read-image.js';
import { loadImageOrAhead } from '../image/decode-ahead.js';
import { labToRgba8 } from '../colour/lab-to-srgb.js';
import type { Rendered } from '../preview/preview-kernels.js';
import { startPreviewHelper } from '../preview/preview-threads.js';
import { prepareStrokeEdges } from '../strokes/stroke-change.js';
import { VERSION } from '../version.js';
import { preparePhoto, toPreview, type SessionPhoto } from './session-photo.js';
import { fixedHierarchy, RegionLabels, type LabelMap } from './region-labels.js';
import { ClickedRegions } from './clicked-region.js';
import { restrictionsOf, type Restrictions } from './region-choices.js';
import { documentChanges } from './document-changes.js';
import { RenderCache } from './render-cache.js';
import { copyOfPreviewAb, exportPhoto, renderTile, type ExportOptions } from './export-path.js';
import { frameAtFullResolution } from './frame-path.js';
import type { OpenOptions, PreviewImage, Rect, RegionHierarchy, RegionInfo, SegmentFunction } from './session-types.js';

export type {
  OpenOptions,
  PreviewImage,
  Rect,
  RegionHierarchy,
  RegionInfo,
  SegmentFunction,
  Swatch,
} from './session-types.js';

export class EditSession {
  readonly name: string;
  readonly width: number;
  readonly height: number;
  private doc: EditDocument;
  private readonly labels: RegionLabels;
  private readonly clicked: ClickedRegions;
  private restrictions: Restrictions = { masks: new Map(), overrides: new Map() };
  private readonly cache: RenderCache;

  private constructor(
    private readonly photo: SessionPhoto,
    hierarchy: RegionHierarchy | null,
    split?: LabelMap,
  ) {
    this.name = photo.img.name;
    this.width = photo.img.width;
    this.height = photo.img.height;
    this.doc = newDocument(photo.img.name, photo.img.width, photo.img.height, photo.model.defaultTemperature);
    this.labels = new RegionLabels(photo, hierarchy, split ?? null);
    this.clicked = new ClickedRegions(photo);
    this.cache = new RenderCache(photo);
    this.newLabels();
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
    const photo = preparePhoto(img, models.colorizer, net, opts.previewSize ?? PREVIEW_SIZE);
    const session = new EditSession(photo, null);
    if (models.segment) await session.attachRegions(models.segment, opts);
    return session;
  }

  /**
   * A frame of a video: decoded and through the network already, with the log-probabilities the
   * temporal memory made of the network's (pixel-major, as pooling.ts logSoftmax) and the regions
   * tracked from the shot's key frame, and the key frame's split of them into agreeing regions
   * moved along too (`poolingSplit`; found again when absent). Everything after that is a photo's
   * pipeline (frame-path.ts for what only a frame needs).
   */
  static forFrame(
    img: GreyImage,
    model: Colorizer,
    net: NetworkOutput,
    logp: Float32Array,
    hierarchy: RegionHierarchy | null,
    split?: LabelMap,
    previewSize = PREVIEW_SIZE,
  ): EditSession {
    return new EditSession(preparePhoto(img, model, net, previewSize, logp), hierarchy, split);
  }

  /** For tests and evaluation: pool over a given label map (preview grid) instead of a hierarchy's. */
  static withLabels(session: EditSession, labels: Int32Array, count: number): EditSession {
    const { img, model, net, preview } = session.photo;
    const fixed = fixedHierarchy(preview.width, preview.height, { labels, count });
    return new EditSession(preparePhoto(img, model, net, Math.max(preview.width, preview.height)), fixed);
  }

  /** The pooling level's regions split where their pixels disagree (preview grid), or null without regions. */
  poolingSplit(): LabelMap | null {
    return this.labels.poolingSplit();
  }

  /**
   * Segments the photo and pools colour over the regions from now on. The editor calls it after
   * the first (per-pixel) preview is on screen, so a photo shows in colour before its regions are
   * found; nothing changes if the job is cancelled.
   */
  async attachRegions(segment: SegmentFunction, job: JobControl = {}): Promise<void> {
    job.onProgress?.('segment', 0);
    const hierarchy = await timed(job.times, 'segment', () => segment(this.photo.preview));
    await checkpoint(job.signal);
    this.labels.attach(hierarchy);
    this.newLabels();
  }

  /** True once a region hierarchy is attached (regions, swatches and region clicks work). */
  get hasRegions(): boolean {
    return this.labels.hierarchy !== null;
  }

  /** Reads the photo's thin edges for the brush now (an editor, when idle), not on the first stroke. */
  prepareStrokes(): void {
    prepareStrokeEdges(this.photo.preview, this.photo.img);
  }

  /** Bits per sample of the source: the default export depth. */
  get bitDepth(): 8 | 16 {
    return this.photo.img.bitDepth;
  }
  /** What the loader had to say (e.g. only the first frame of an animation was used). */
  get notes(): string[] {
    return this.photo.img.notes;
  }
  get previewWidth(): number {
    return this.photo.preview.width;
  }
  get previewHeight(): number {
    return this.photo.preview.height;
  }
  get defaultLevel(): number {
    return this.labels.hierarchy?.defaultLevel ?? 0;
  }
  /** The level one step larger (grow) than `level`, for the region under the point when given (full-resolution px). */
  parentLevel(level: number, x?: number, y?: number): number {
    const p = x !== undefined && y !== undefined ? toPreview(this.photo, x, y) : [];
    return this.labels.hierarchy?.parentLevel(level, p[0], p[1]) ?? level;
  }
  childLevel(level: number, x?: number, y?: number): number {
    const p = x !== undefined && y !== undefined ? toPreview(this.photo, x, y) : [];
    return this.labels.hierarchy?.childLevel(level, p[0], p[1]) ?? level;
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
    const changed = documentChanges(before, this.doc, (c) => this.labels.shapesLabels(c));
    // The label map changes only with selections at other levels; a swatch or colour choice only
    // changes which region is restricted how, which is cheap to redo.
    if (changed.labels) this.newLabels();
    // A swatch is a mode of the region's distribution at the temperature, so it follows T too,
    // and its restriction weighs the region's pool by κ (mode-colour.ts swatchMask).
    else if (changed.regions || (changed.colour && this.doc.regions.some((c) => c.swatch !== undefined)))
      this.newRestrictions();
    else if (changed.colour) this.cache.coloursChanged();
    else if (changed.render) this.cache.previewChanged();
  }

  private newLabels(): void {
    this.labels.rebuild(this.doc.regions);
    this.newRestrictions();
  }

  private newRestrictions(): void {
    this.restrictions = restrictionsOf(this.photo, this.doc, this.labels, this.clicked);
    this.cache.coloursChanged();
  }

  /** The preview for the current document (shared memory: valid until the next render). */
  private previewRender(): Rendered {
    return this.cache.render(this.doc, this.labels, this.restrictions);
  }

  renderPreview(): PreviewImage {
    const { width, height } = this.photo.preview;
    // A copy: the rendering is shared memory that the next update overwrites.
    return { width, height, rgba: this.previewRender().rgba.slice() };
  }

  greyPreview(): PreviewImage {
    const { width, height, L } = this.photo.preview;
    const zero = new Float32Array(width * height);
    return { width, height, rgba: labToRgba8({ width, height, L, a: zero, b: zero, alpha: null }) };
  }

  /**
   * The document with one more region choice: an earlier choice at the same level whose point lies
   * in the same region is replaced (one choice per region), so a UI need not match regions itself.
   */
  withRegionChoice(choice: RegionChoice): EditDocument {
    const doc = this.document();
    const id = this.labels.regionIdAt(choice.point, choice.level);
    doc.regions = doc.regions.filter(
      (c) => c.level !== choice.level || id === undefined || this.labels.regionIdAt(c.point, c.level) !== id,
    );
    doc.regions.push(choice);
    return doc;
  }

  regionAt(x: number, y: number, level = this.defaultLevel): RegionInfo | null {
    const hierarchy = this.labels.hierarchy;
    if (!hierarchy || !this.labels.labels) return null;
    return this.clicked.info(hierarchy, this.doc, x, y, level);
  }

  /** ab of the current result at a full-resolution point (the brush's colour sampler). */
  sampleColour(x: number, y: number): [number, number] {
    const { a, b } = this.previewRender();
    const [px, py] = toPreview(this.photo, x, y);
    const i = py * this.photo.preview.width + px;
    return [a[i], b[i]];
  }

  /**
   * The result at full resolution as Lab planes (a film's frames: the writer converts them). A
   * photo's export takes the faster banded path, which never holds full-resolution a and b.
   */
  fullResolution(job: JobControl = {}): Promise<LabImage> {
    return frameAtFullResolution(this.photo, () => this.previewRender(), job);
  }

  /** What a result records of how it was made (the file's XMP, a video's comment tag). */
  settingsRecord(): Record<string, unknown> {
    return {
      tinct: VERSION,
      model: this.photo.model.spec.name,
      modelVersion: this.photo.model.spec.version,
      ...this.doc.settings,
      regions: this.doc.regions.length,
      strokes: this.doc.strokes.length,
    };
  }

  async export(path: string, opts: ExportOptions, job: JobControl = {}): Promise<void> {
    const ab = await copyOfPreviewAb(() => this.previewRender(), job);
    await exportPhoto(this.photo, ab, path, opts, () => this.settingsRecord(), job);
  }

  /**
   * A rectangle of the photo at full resolution, colour or grey: what the editor shows when it is
   * zoomed in past the preview's resolution. The rectangle is clipped to the photo.
   */
  renderTile(rect: Rect, which: 'colour' | 'grey'): PreviewImage & { x: number; y: number } {
    return renderTile(this.photo, () => this.previewRender(), rect, which);
  }
}
