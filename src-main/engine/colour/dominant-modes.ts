/**
 * The dominant mode of each pooled region: what an unedited region decodes inside, so a region
 * whose pixels disagree does not average to a compromise (pooling.ts decodePairs).
 */
import { regionModes } from './swatches.js';

/**
 * How strongly a region's other modes are held back, as log-probability per unit of κ: at κ = 1 a
 * bin outside the dominant mode loses a factor e^-8 before annealing (e^-21 after, at T = 0.38),
 * so the region decodes inside its dominant mode; at κ = 0.2 a factor e^-1.6 (e^-4 annealed), so
 * a pixel whose own distribution clearly prefers another mode can still show it.
 */
export const MODE_LOGP = 8;

/**
 * Membership (R × Q, 1 inside) of each region's dominant mode: the swatch-1 mode of p_S
 * (swatches.ts). Decoding inside it instead of across all modes keeps a region whose pixels
 * disagree (green here, orange there) from averaging to a brown compromise — the averaging the
 * annealed mean avoids per pixel, at the level of regions.
 */
export function dominantModes(
  logpS: Float32Array,
  R: number,
  Q: number,
  bins: Float32Array,
  out: Uint8Array<ArrayBufferLike> = new Uint8Array(R * Q),
): Uint8Array<ArrayBufferLike> {
  out.fill(0, 0, R * Q);
  for (let S = 0; S < R; S++) {
    const [mode] = regionModes(logpS, S * Q, Q, bins, 1, 1, 0);
    if (mode) for (const q of mode.bins) out[S * Q + q] = 1;
    else out.fill(1, S * Q, (S + 1) * Q);
  }
  return out;
}
