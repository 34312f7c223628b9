/**
 * What a new edit document changes, found once when it is set, so the session redoes only that
 * (a new label map, new region restrictions, a new render) and its caches compare version numbers
 * instead of serialising the document on every render.
 */
import type { EditDocument, RegionChoice } from '../document/edit-document.js';

export interface DocumentChanges {
  /** The choices that shape the label map (points and levels of choices at other levels than pooling's). */
  labels: boolean;
  regions: boolean;
  temperature: boolean;
  /** Anything the region colours depend on: temperature, consistency, region choices. */
  colour: boolean;
  /** Anything the preview depends on: the colours, the settings or the strokes. */
  render: boolean;
}

export function documentChanges(
  before: EditDocument,
  after: EditDocument,
  shapesLabels: (c: RegionChoice) => boolean,
): DocumentChanges {
  const shape = (d: EditDocument) => d.regions.filter(shapesLabels).map((c) => [c.point, c.level]);
  const regions = !sameValue(before.regions, after.regions);
  const temperature = before.settings.temperature !== after.settings.temperature;
  const colour = regions || temperature || before.settings.consistency !== after.settings.consistency;
  return {
    labels: regions && !sameValue(shape(before), shape(after)),
    regions,
    temperature,
    colour,
    render: colour || !sameValue(before.settings, after.settings) || !sameValue(before.strokes, after.strokes),
  };
}

/** Deep equality of JSON-like values; a property set to undefined counts as absent (as in JSON). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], bb[i])) return false;
    return true;
  }
  const ao = a as Record<string, unknown>,
    bo = b as Record<string, unknown>;
  const keys = (o: Record<string, unknown>) => Object.keys(o).filter((k) => o[k] !== undefined);
  const ka = keys(ao);
  if (ka.length !== keys(bo).length) return false;
  return ka.every((k) => sameValue(ao[k], bo[k]));
}
