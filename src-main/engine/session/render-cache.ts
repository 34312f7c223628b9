/**
 * The preview for the current document, rendered once per document: the region colours (cached on
 * their own: painting a stroke changes only the strokes, so it need not decode the distributions
 * again), then the strokes over them. Each cache holds the version it was rendered at; the session
 * bumps a version when the document changes what it depends on (document-changes.ts), so a render
 * compares two numbers instead of serialising the document.
 */
import type { EditDocument } from '../document/edit-document.js';
import { solveStrokeChange } from '../strokes/stroke-change.js';
import type { Rendered } from '../preview/preview-kernels.js';
import {
  renderPreviewJob,
  sharedFloat32,
  sharedUint8,
  sharedUint8Clamped,
  solveStrokesOnTwoThreads,
} from '../preview/preview-threads.js';
import type { RegionLabels } from './region-labels.js';
import { overridePlanes, type Restrictions } from './region-choices.js';
import type { SessionPhoto } from './session-photo.js';

export class RenderCache {
  /** Bumped when the region colours change (temperature, consistency, choices, the label map). */
  private colourVersion = 0;
  /** Bumped when anything the preview shows changes (the colours too). */
  private renderVersion = 0;
  private base: (Rendered & { version: number }) | null = null;
  private full: (Rendered & { version: number }) | null = null;
  /**
   * Shared memory the preview's two threads write (preview-threads.ts), reused by every update: the
   * region colours and the colours with strokes. The caches point into them, so each is
   * overwritten only when its cache is replaced.
   */
  private regionOut: Rendered | null = null;
  private strokeOut: (Rendered & { changed: Uint8Array }) | null = null;

  constructor(private readonly photo: SessionPhoto) {}

  coloursChanged(): void {
    this.colourVersion++;
    this.renderVersion++;
  }

  previewChanged(): void {
    this.renderVersion++;
  }

  /** The preview (shared memory: valid until the next render). */
  render(doc: EditDocument, labels: RegionLabels, restrictions: Restrictions): Rendered {
    if (this.full?.version === this.renderVersion) return this.full;
    const base = this.regionColours(doc, labels, restrictions);
    const { preview, img } = this.photo;
    const { width: W, height: H } = preview;
    const change = doc.strokes.length
      ? solveStrokeChange(preview, base, doc.strokes, W / img.width, solveStrokesOnTwoThreads, img)
      : null;
    if (!change) {
      this.full = { ...base, version: this.renderVersion };
      return this.full;
    }
    this.strokeOut ??= {
      a: sharedFloat32(W * H),
      b: sharedFloat32(W * H),
      rgba: sharedUint8Clamped(4 * W * H),
      changed: sharedUint8(W * H),
    };
    renderPreviewJob({ kind: 'stroke', preview, change, base, out: this.strokeOut });
    const { a, b, rgba } = this.strokeOut;
    this.full = { version: this.renderVersion, a, b, rgba };
    return this.full;
  }

  /** The colours from the distributions and region choices alone (no strokes). */
  private regionColours(doc: EditDocument, labels: RegionLabels, restrictions: Restrictions): Rendered {
    if (this.base?.version === this.colourVersion) return this.base;
    const { temperature: T, consistency: kappa } = doc.settings;
    const { preview, net, logp, model } = this.photo;
    const { logits } = net;
    const { width: W, height: H } = preview;
    this.regionOut ??= { a: sharedFloat32(W * H), b: sharedFloat32(W * H), rgba: sharedUint8Clamped(4 * W * H) };
    renderPreviewJob({
      kind: 'region',
      preview,
      net: {
        width: logits.width,
        height: logits.height,
        Q: logits.Q,
        logp,
        logpS: labels.logpS,
        bins: model.bins,
        dominant: labels.dominant,
      },
      pairs: labels.pairs,
      plan: labels.plan,
      T,
      kappa,
      masks: [...restrictions.masks],
      overrides: overridePlanes(restrictions, labels),
      decoded: labels.decoded,
      out: this.regionOut,
    });
    this.base = { version: this.colourVersion, ...this.regionOut };
    return this.base;
  }
}
