/**
 * The user's region choices as the renderer takes them: per pooling region, a swatch's restriction
 * (decode inside that mode, at its characteristic colour: mode-colour.ts swatchMask) or a custom ab
 * that replaces the colour.
 */
import type { EditDocument } from '../document/edit-document.js';
import { swatchMask } from '../colour/mode-colour.js';
import type { ClickedRegions } from './clicked-region.js';
import type { RegionLabels } from './region-labels.js';
import { toPreview, type SessionPhoto } from './session-photo.js';

export interface Restrictions {
  masks: Map<number, Float32Array>;
  overrides: Map<number, [number, number]>;
}

export function restrictionsOf(
  photo: SessionPhoto,
  doc: EditDocument,
  labels: RegionLabels,
  clicked: ClickedRegions,
): Restrictions {
  const out: Restrictions = { masks: new Map(), overrides: new Map() };
  const hierarchy = labels.hierarchy;
  if (!labels.labels || !hierarchy) return out;
  const { Q } = photo.net.logits;
  for (const c of doc.regions) {
    const [px, py] = toPreview(photo, c.point[0], c.point[1]);
    const S = labels.labelAt(px, py);
    if (c.ab) out.overrides.set(S, [c.ab[0], c.ab[1]]);
    else if (c.swatch !== undefined) {
      // The swatch list the user picked from: the modes of the region clicked, at its level.
      const { temperature: T, consistency: kappa } = doc.settings;
      const mode = clicked.at(hierarchy, px, py, c.level, T).modes[c.swatch];
      if (mode && labels.logpS) out.masks.set(S, swatchMask(mode, labels.logpS, S * Q, Q, T, kappa));
    }
  }
  return out;
}

/** The overrides as the region kernel reads them: ab per pooling region, NaN where none. */
export function overridePlanes(r: Restrictions, labels: RegionLabels): { ab: Float32Array; labels: Int32Array } | null {
  if (!r.overrides.size || !labels.labels) return null;
  const ab = new Float32Array(2 * labels.count).fill(NaN);
  for (const [S, [oa, ob]] of r.overrides) {
    ab[2 * S] = oa;
    ab[2 * S + 1] = ob;
  }
  return { ab, labels: labels.labels };
}
