/**
 * The alternatives a region's pooled distribution offers: its modes, found by grouping the ab bins
 * by hue around the most probable ones (neutral greys form a mode of their own). Each mode has its
 * probability mass and its colour (annealed mean of the pool within the mode; the editor colours
 * it from the region's pixels instead, mode-colour.ts); best first, at most five.
 */

export interface Mode {
  /** Indices of the bins in this mode. */
  bins: number[];
  mass: number;
  ab: [number, number];
}

/** Bins with less chroma than this count as neutral. */
const NEUTRAL_CHROMA = 12;
/** Bins within this hue angle of a mode's seed join it. */
const HUE_SPAN = (40 * Math.PI) / 180;

export function regionModes(
  logpS: Float32Array,
  offset: number,
  Q: number,
  bins: Float32Array,
  T: number,
  maxModes = 5,
  minMass = 0.03,
): Mode[] {
  const p = new Float64Array(Q);
  for (let q = 0; q < Q; q++) p[q] = Math.exp(logpS[offset + q]);
  const hue = new Float64Array(Q),
    neutral = new Uint8Array(Q);
  for (let q = 0; q < Q; q++) {
    const a = bins[2 * q],
      b = bins[2 * q + 1];
    hue[q] = Math.atan2(b, a);
    neutral[q] = Math.hypot(a, b) < NEUTRAL_CHROMA ? 1 : 0;
  }
  const assigned = new Uint8Array(Q);
  const groups: number[][] = [];
  const neutralGroup: number[] = [];
  for (let q = 0; q < Q; q++)
    if (neutral[q]) {
      neutralGroup.push(q);
      assigned[q] = 1;
    }
  if (neutralGroup.length) groups.push(neutralGroup);
  const order = Array.from({ length: Q }, (_, q) => q).sort((x, y) => p[y] - p[x]);
  for (const seed of order) {
    if (assigned[seed]) continue;
    const group: number[] = [];
    for (let q = 0; q < Q; q++) {
      if (assigned[q]) continue;
      let d = Math.abs(hue[q] - hue[seed]);
      if (d > Math.PI) d = 2 * Math.PI - d;
      if (d <= HUE_SPAN) {
        group.push(q);
        assigned[q] = 1;
      }
    }
    groups.push(group);
  }
  const modes = groups.map((g) => {
    let mass = 0,
      sw = 0,
      sa = 0,
      sb = 0;
    for (const q of g) {
      mass += p[q];
      const w = Math.pow(p[q], 1 / T);
      sw += w;
      sa += w * bins[2 * q];
      sb += w * bins[2 * q + 1];
    }
    return { bins: g, mass, ab: [sw > 0 ? sa / sw : 0, sw > 0 ? sb / sw : 0] as [number, number] };
  });
  return modes
    .filter((m) => m.mass >= minMass)
    .sort((x, y) => y.mass - x.mass)
    .slice(0, maxModes);
}
