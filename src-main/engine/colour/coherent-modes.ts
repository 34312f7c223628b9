/**
 * Dominant modes chosen with the neighbours in mind. A confident network may give two pooling
 * regions of one object different first modes (a coat green in one region and brown in the next):
 * each region alone decodes its own mode and the object shows a seam of hue. The hierarchy knows
 * they belong together — they share a parent a few levels up. So where a region is unsure — its
 * second (third …) mode holds at least GATE of its first mode's mass — the parent's pooled
 * distribution breaks the tie: each such candidate is scored mass_S^(1 − α) · mass_parent^α and
 * the best is the region's dominant mode. A region sure of its colour (a red jumper in a green
 * field) keeps it whatever its parent says; the colour inside the chosen mode still comes from the
 * region's own distribution (decodePairs).
 */
import { dominantModes } from './dominant-modes.js';
import { poolRegions } from './pooling.js';
import { buildPairs } from './region-pairs.js';
import { regionModes } from './swatches.js';
export interface ParentPrior {
  /** Parent labels on the W×H grid (a coarser level of the same nested hierarchy). */
  labels: Int32Array;
  count: number;
  /** Weight of the parent's mass in a candidate's score, 0..1 (0: the region's own first mode). */
  alpha: number;
  /** A mode is a candidate when its mass is at least this share of the region's first mode. */
  gate: number;
}

/**
 * Off by default (α = 0): measured on BSDS500 val (eval:color, κ = 1, model 2.0.0, 100 photos; split
 * rate at κ = 0 12.9 %, AuC rebalanced at κ = 0 77.3 on 2.0.0's prior), it trades the split rate
 * for rare colours, and the rebalanced AuC the object-consistency issue asks to keep falls below
 * κ = 0's:
 *
 *   parent level, α, gate       split  AuC rebal  colourful ÷ truth  red   green  blue
 *   off (default)               8.2 %  77.8       1.28               0.38  0.61   0.68
 *   0.97, α 1, gate 0.8         7.4 %  76.7       1.21               0.25  0.60   0.66
 *   0.97, α 0.8, gate 0.5       5.6 %  75.6       1.13               0.21  0.60   0.66
 *   0.97, α 1, gate 0.5         4.3 %  75.5       1.11               0.20  0.59   0.66
 *   (ungated blend of log p_S and log p_parent: 0.97 α 0.5 5.9 % / 75.7; 0.97 α 0.8 2.8 % / 75.6 /
 *   colourful 1.00; 0.95 α 0.5 8.1 % / 77.6)
 *
 * Model 2.1.0 (κ = 0: split 7.8 %, AuC rebalanced 78.2 on 2.0.0's prior): off 5.4 % / 78.0 / 1.27 /
 * red 0.38, blue 0.63; 0.97, α 1, gate 0.5: 2.8 % / 75.5 / 1.11 / red 0.25, blue 0.58 — the same trade.
 *
 * Reds are what it loses (a red object unsure against its green surroundings takes their colour).
 *   TINCT_PARENT_ALPHA=1 TINCT_PARENT_GATE=0.5 [TINCT_PARENT_LEVEL=0.97] npm run eval:color -- \
 *     --images ../shared/data/bsds500/val/images --segs ../shared/data/bsds500/val/segs --consistency 1
 */
export const PARENT_LEVEL = numberFromEnv('TINCT_PARENT_LEVEL', 0.97);
export const PARENT_ALPHA = numberFromEnv('TINCT_PARENT_ALPHA', 0);
export const PARENT_GATE = numberFromEnv('TINCT_PARENT_GATE', 0.5);

function numberFromEnv(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return process.env[name] && Number.isFinite(v) ? v : fallback;
}

/**
 * Membership (R × Q, 1 inside) of each region's dominant mode (what pooling.ts dominantModes gives
 * without a parent). `labels` are the regions' labels on the W×H grid; a region's parent is the
 * parent label of its first pixel (the hierarchy is nested, so every pixel gives the same one).
 */
export function coherentDominantModes(
  logp: Float32Array,
  logpS: Float32Array,
  labels: Int32Array,
  R: number,
  Q: number,
  bins: Float32Array,
  grid: { W: number; H: number; w: number; h: number },
  parent: ParentPrior | null,
  out: Uint8Array<ArrayBufferLike> = new Uint8Array(R * Q),
): Uint8Array<ArrayBufferLike> {
  if (!parent || parent.alpha <= 0) return dominantModes(logpS, R, Q, bins, out);
  out.fill(0, 0, R * Q);
  const { W, H, w, h } = grid;
  const logpP = poolRegions(logp, Q, w * h, buildPairs(parent.labels, W, H, w, h), parent.count);
  const parentOf = new Int32Array(R).fill(-1);
  for (let i = 0; i < labels.length; i++) {
    const S = labels[i];
    if (S >= 0 && parentOf[S] < 0) parentOf[S] = parent.labels[i];
  }
  for (let S = 0; S < R; S++) {
    const modes = regionModes(logpS, S * Q, Q, bins, 1, 5, 0);
    if (!modes.length) {
      out.fill(1, S * Q, (S + 1) * Q);
      continue;
    }
    let best = modes[0];
    const P = parentOf[S];
    if (P >= 0 && modes.length > 1) {
      const { alpha, gate } = parent;
      let bestScore = -Infinity;
      for (const m of modes) {
        if (m.mass < gate * modes[0].mass) break; // sorted by mass
        let inParent = 0;
        for (const q of m.bins) inParent += Math.exp(logpP[P * Q + q]);
        const score = (1 - alpha) * Math.log(m.mass) + alpha * Math.log(Math.max(inParent, 1e-30));
        if (score > bestScore) [best, bestScore] = [m, score];
      }
    }
    for (const q of best.bins) out[S * Q + q] = 1;
  }
  return out;
}
