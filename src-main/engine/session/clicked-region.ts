/**
 * A region the user clicks, at whatever level the selection is: its own pooled distribution's
 * modes (the swatches) and mean lightness, and what the editor shows of it (outline, swatches, the
 * swatch chosen). Pooled on its own, not read from the pooling regions, since a click may select a
 * finer or coarser region than colour is pooled over.
 */
import type { EditDocument } from '../document/edit-document.js';
import { labelWeights, poolLabel } from '../colour/pooling.js';
import { labToRgba8 } from '../colour/lab-to-srgb.js';
import { regionModes } from '../colour/swatches.js';
import { characteristicModes, type CharacteristicMode } from '../colour/mode-colour.js';
import { toPreview, type SessionPhoto } from './session-photo.js';
import type { RegionHierarchy, RegionInfo } from './session-types.js';

export interface ClickedRegion {
  modes: CharacteristicMode[];
  meanL: number;
}

/** The clicked regions' modes, cached per region and temperature: the distributions never change within a session. */
export class ClickedRegions {
  private readonly cache = new Map<string, ClickedRegion>();

  constructor(private readonly photo: SessionPhoto) {}

  at(hierarchy: RegionHierarchy, px: number, py: number, level: number, T: number): ClickedRegion {
    const { labels } = hierarchy.labelsAt(level);
    const { preview, net, model, logp } = this.photo;
    const { width: W, height: H } = preview;
    const id = labels[py * W + px];
    const key = `${level}|${id}|${T}`;
    let hit = this.cache.get(key);
    if (!hit) {
      const { logits } = net;
      const wt = labelWeights(labels, id, W, H, logits.width, logits.height);
      const logpR = poolLabel(logp, logits.Q, labels, id, W, H, logits.width, logits.height, wt);
      let sum = 0,
        cnt = 0;
      for (let i = 0; i < labels.length; i++)
        if (labels[i] === id) {
          sum += preview.L[i];
          cnt++;
        }
      hit = {
        // The modes of the region's pool, each coloured by the region's pixels in it (mode-colour.ts).
        modes: characteristicModes(
          logp,
          logits.Q,
          wt,
          regionModes(logpR, 0, logits.Q, model.bins, T, model.alternatives ? undefined : 1),
          model.bins,
          T,
        ),
        meanL: cnt ? sum / cnt : 50,
      };
      if (this.cache.size > 256) this.cache.clear();
      this.cache.set(key, hit);
    }
    return hit;
  }

  /** What the editor shows of the region under a full-resolution point at `level`, or null where there is none. */
  info(hierarchy: RegionHierarchy, doc: EditDocument, x: number, y: number, level: number): RegionInfo | null {
    const { photo } = this;
    const [px, py] = toPreview(photo, x, y);
    const r = hierarchy.regionAt(px, py, level);
    if (!r) return null;
    const sx = photo.img.width / photo.preview.width,
      sy = photo.img.height / photo.preview.height;
    // The swatches are shown at the region's mean lightness.
    const { modes, meanL: L } = this.at(hierarchy, px, py, level, doc.settings.temperature);
    const choice = doc.regions.find((c) => {
      const [cx, cy] = toPreview(photo, c.point[0], c.point[1]);
      return c.level === level && hierarchy.regionAt(cx, cy, level)?.id === r.id;
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
