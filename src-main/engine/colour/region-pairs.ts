/**
 * Which regions touch which network pixels: a network pixel that straddles regions is decoded
 * once per region it touches ("pairs"), so each region's colour stops at its own border when
 * upsampled (pooling.ts pools and decodes over these pairs).
 */
import { taps } from '../upsample/resample.js';

/** Region memberships of network pixels, with the weight each region has there. */
export interface Pairs {
  /** For network pixel i, its pairs are start[i] .. start[i+1]-1. */
  start: Int32Array;
  region: Int32Array;
  weight: Float32Array;
}

/**
 * Which regions touch which network pixels, from a label map at a finer grid (W×H, labels
 * 0..R-1). A fine pixel touches the 2×2 network pixels a bilinear upsampling would read, with its
 * bilinear weights; those weights are also the pooling weights.
 */
const SLOTS = 6;

interface PairSlots {
  slotS: Int32Array;
  slotW: Float64Array;
  used: Uint8Array;
  spill: Map<number, Map<number, number>>;
}

/** Adds weight wt of region S to network pixel i. */
function addPair(p: PairSlots, i: number, S: number, wt: number): void {
  if (wt <= 0) return;
  const base = i * SLOTS,
    u = p.used[i];
  for (let c = 0; c < u; c++)
    if (p.slotS[base + c] === S) {
      p.slotW[base + c] += wt;
      return;
    }
  const more = p.spill.get(i);
  if (more?.has(S)) {
    more.set(S, more.get(S)! + wt);
    return;
  }
  if (u < SLOTS) {
    p.slotS[base + u] = S;
    p.slotW[base + u] = wt;
    p.used[i] = u + 1;
    return;
  }
  if (more) more.set(S, wt);
  else p.spill.set(i, new Map([[S, wt]]));
}

export function buildPairs(labels: Int32Array, W: number, H: number, w: number, h: number): Pairs {
  // Each network pixel meets only a few regions: up to SLOTS of them live in flat arrays (in the
  // order they are met), the rare pixel with more spills into a Map. Far faster than a Map each.
  const n = w * h;
  const p: PairSlots = {
    slotS: new Int32Array(n * SLOTS),
    slotW: new Float64Array(n * SLOTS),
    used: new Uint8Array(n),
    spill: new Map(),
  };
  const { x0, x1, fx } = taps(W, w);
  const ty = taps(H, h);
  for (let Y = 0; Y < H; Y++) {
    const ya = ty.x0[Y],
      yb = ty.x1[Y],
      fy = ty.fx[Y];
    // A run of pixels along the row with one region and the same two network columns adds to the
    // same four pairs: their weights are summed first and added once per run, not per pixel.
    let runS = labels[Y * W],
      runX0 = x0[0],
      runX1 = x1[0],
      left = 0,
      right = 0;
    for (let X = 0; X <= W; X++) {
      const S = X < W ? labels[Y * W + X] : -2;
      if (X === W || S !== runS || x0[X] !== runX0 || x1[X] !== runX1) {
        addPair(p, ya * w + runX0, runS, left * (1 - fy));
        addPair(p, ya * w + runX1, runS, right * (1 - fy));
        addPair(p, yb * w + runX0, runS, left * fy);
        addPair(p, yb * w + runX1, runS, right * fy);
        if (X === W) break;
        runS = S;
        runX0 = x0[X];
        runX1 = x1[X];
        left = right = 0;
      }
      left += 1 - fx[X];
      right += fx[X];
    }
  }
  const { slotS, slotW, used, spill } = p;
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = start[i] + Math.max(used[i] + (spill.get(i)?.size ?? 0), 1);
  const region = new Int32Array(start[n]).fill(-1),
    weight = new Float32Array(start[n]);
  for (let i = 0; i < n; i++) {
    let k = start[i];
    for (let c = 0; c < used[i]; c++, k++) {
      region[k] = slotS[i * SLOTS + c];
      weight[k] = slotW[i * SLOTS + c];
    }
    for (const [S, wt] of spill.get(i) ?? []) {
      region[k] = S;
      weight[k] = wt;
      k++;
    }
  }
  return { start, region, weight };
}
