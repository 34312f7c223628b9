import { describe, expect, it } from 'vitest';
import { documentChanges, sameValue } from '../../src-main/engine/session/document-changes.js';
import { newDocument, type EditDocument } from '../../src-main/engine/document/edit-document.js';

const base = newDocument('p.jpg', 100, 80, 0.38);
const notPooling = (c: { level: number }) => c.level !== 0;
const changes = (after: EditDocument) => documentChanges(base, after, notPooling);

describe('documentChanges', () => {
  it('finds nothing in an equal document, whatever its key order or undefined fields', () => {
    const same = {
      ...structuredClone(base),
      settings: { consistency: base.settings.consistency, temperature: 0.38 },
      temporal: undefined,
    };
    expect(changes(same)).toEqual({ labels: false, regions: false, temperature: false, colour: false, render: false });
  });

  it('tells a colour change from a label map change and a stroke', () => {
    const swatch = { ...base, regions: [{ point: [5, 5] as [number, number], level: 0, swatch: 1 }] };
    expect(changes(swatch)).toMatchObject({ labels: false, regions: true, colour: true, render: true });
    const other = { ...base, regions: [{ point: [5, 5] as [number, number], level: 2 }] };
    expect(changes(other)).toMatchObject({ labels: true, regions: true });
    // A new swatch on a region at another level keeps the label map.
    expect(documentChanges(other, { ...other, regions: [{ ...other.regions[0], swatch: 2 }] }, notPooling).labels).toBe(
      false,
    );
    const kappa = { ...base, settings: { ...base.settings, consistency: base.settings.consistency / 2 } };
    expect(changes(kappa)).toMatchObject({ labels: false, regions: false, temperature: false, colour: true });
    const stroke = { ...base, strokes: [{ id: 'a', points: [[1, 2]] as [number, number][], radius: 3, ab: null }] };
    expect(changes(stroke)).toEqual({ labels: false, regions: false, temperature: false, colour: false, render: true });
  });

  it('compares values deeply', () => {
    expect(sameValue([1, [2, { a: 3 }]], [1, [2, { a: 3 }]])).toBe(true);
    expect(sameValue([1, [2, { a: 3 }]], [1, [2, { a: 4 }]])).toBe(false);
    expect(sameValue({ a: [1] }, { a: { 0: 1 } })).toBe(false);
    expect(sameValue({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameValue(null, {})).toBe(false);
  });
});
