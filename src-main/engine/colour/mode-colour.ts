/**
 * A swatch's characteristic colour (issue 17). The modes come from the region's log-linear pool
 * p_S (swatches.ts), but p_S is a geometric mean: where some pixels say red and others yellow it
 * puts its mass on the low-chroma bins they all allow, so its annealed mean inside a mode is a
 * muted brown. The colour of a mode is taken instead from the region's own pixels that are in it:
 * the linear pool of their distributions inside the mode, each pixel weighted by how much of its
 * probability the mode holds (a pixel's in-mode distribution p_x(q)/m_x weighted by m_x², so
 * p_M(q) ∝ Σ_x w_x · m_x · p_x(q)), decoded with the annealed mean at T. A choice of the swatch
 * decodes the region inside that same distribution (swatchMask), so what is applied is what is shown.
 * Chosen by measuring on BSDS500 val (npm run eval:swatches; README).
 */
import type { Mode } from './swatches.js';

/**
 * A mode with its colour from the region's pixels, and the distribution (log, normalised in the
 * mode) it comes from.
 */
export interface CharacteristicMode extends Mode {
  logMembers: Float32Array;
}

/**
 * `logp`: the per-pixel log-distributions (pixel-major, Q per network pixel); `wt`: how much each
 * network pixel belongs to the region (pooling.ts labelWeights); `modes`: the region's modes.
 */
export function characteristicModes(
  logp: Float32Array,
  Q: number,
  wt: Float64Array,
  modes: Mode[],
  bins: Float32Array,
  T: number,
): CharacteristicMode[] {
  const modeOf = new Int32Array(Q).fill(-1);
  modes.forEach((m, k) => {
    for (const q of m.bins) modeOf[q] = k;
  });
  const acc = new Float64Array(Q),
    p = new Float64Array(Q),
    held = new Float64Array(modes.length);
  for (let i = 0; i < wt.length; i++) {
    if (wt[i] <= 0) continue;
    const o = i * Q;
    held.fill(0);
    // Bins under e^-14 (most of them: a pixel's distribution is peaked) add nothing a float
    // keeps to its mode's share or colour, and need no exp.
    for (let q = 0; q < Q; q++) {
      const v = logp[o + q];
      p[q] = modeOf[q] >= 0 && v > -14 ? Math.exp(v) : 0;
      if (p[q] > 0) held[modeOf[q]] += p[q];
    }
    for (let q = 0; q < Q; q++) if (p[q] > 0) acc[q] += wt[i] * held[modeOf[q]] * p[q];
  }
  return modes.map((mode) => {
    const logMembers = new Float32Array(Q).fill(-Infinity);
    let sum = 0;
    for (const q of mode.bins) sum += acc[q];
    // No pixel holds any of the mode (only possible for a region of no pixels): keep the pool's colour.
    if (!(sum > 0)) {
      for (const q of mode.bins) logMembers[q] = -Math.log(mode.bins.length);
      return { ...mode, logMembers };
    }
    for (const q of mode.bins) logMembers[q] = Math.log(acc[q] / sum);
    return { ...mode, ab: annealedMean(logMembers, mode.bins, bins, T), logMembers };
  });
}

/** Annealed mean at T of a log-distribution over some bins. */
function annealedMean(logq: Float32Array, members: number[], bins: Float32Array, T: number): [number, number] {
  let max = -Infinity;
  for (const q of members) max = Math.max(max, logq[q]);
  let s = 0,
    a = 0,
    b = 0;
  for (const q of members) {
    const e = Math.exp((logq[q] - max) / Math.max(T, 1e-6));
    s += e;
    a += e * bins[2 * q];
    b += e * bins[2 * q + 1];
  }
  return [a / s, b / s];
}

/**
 * The restriction decodePairs adds for a chosen swatch (it adds it to own·log p_x + pooled·log p_S,
 * both already divided by T): inside the mode it trades the region's pool p_S for the members'
 * distribution, so at κ = 1 the region decodes to the swatch's colour exactly; -Infinity outside.
 */
export function swatchMask(
  mode: CharacteristicMode,
  logpS: Float32Array,
  offset: number,
  Q: number,
  T: number,
  kappa: number,
): Float32Array {
  const m = new Float32Array(Q).fill(-Infinity);
  const pooled = kappa / Math.max(T, 1e-6);
  for (const q of mode.bins) m[q] = pooled > 0 ? pooled * (mode.logMembers[q] - logpS[offset + q]) : 0;
  return m;
}
