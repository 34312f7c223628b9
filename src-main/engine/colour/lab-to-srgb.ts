/**
 * Lab planes to sRGB samples for export (8 or 16 bit) and for the editor's preview (RGBA 8 bit).
 * Out-of-gamut colours lose chroma at constant L and hue, so the photo's lightness is kept.
 */
import { LAB_TO_LINEAR, clip01, encodeSrgb01, labToLinear, linearToSrgb } from './lab.js';
import type { LabImage } from '../image/write-image.js';

const inside = (v: Float64Array) => v[0] >= 0 && v[0] <= 1 && v[1] >= 0 && v[1] <= 1 && v[2] >= 0 && v[2] <= 1;

/**
 * Linear RGB of (L, a, b), bringing an out-of-gamut colour inside by reducing its chroma at
 * constant L and hue (bisection on the chroma scale), so the photo's lightness is kept exactly;
 * clipping each channel instead would shift L by tens of units on saturated highlights.
 */
export function inGamutLinear(L: number, a: number, b: number, out: Float64Array, steps = 12): Float64Array {
  labToLinear(L, a, b, out);
  if (inside(out)) return out;
  let lo = 0,
    hi = 1;
  for (let k = 0; k < steps; k++) {
    const mid = (lo + hi) / 2;
    labToLinear(L, a * mid, b * mid, out);
    if (inside(out)) lo = mid;
    else hi = mid;
  }
  return labToLinear(L, a * lo, b * lo, out) as Float64Array;
}

/** Lab planes -> interleaved sRGB(A) samples, 8 or 16 bit (RGBA when the image has alpha). */
export function labToRgbSamples(img: LabImage, bits: 8 | 16): Uint8Array | Uint16Array {
  const n = img.width * img.height;
  const ch = img.alpha ? 4 : 3;
  const out = bits === 16 ? new Uint16Array(n * ch) : new Uint8Array(n * ch);
  labRangeToSamples(img, 0, n, out, bits);
  return out;
}

/**
 * Pixels from..to-1 of the Lab planes into their places in `out` (interleaved, 3 or 4 samples a
 * pixel), so each thread of an export converts its own rows in place (export-rows.ts). a and b may
 * hold just these pixels: their index is the pixel's minus `abStart`. labToLinear is inlined for
 * the common in-gamut pixel (a third of the time of calling it, with the same arithmetic, so the
 * same samples); the out-of-gamut one goes through inGamutLinear.
 */
export function labRangeToSamples(
  img: LabImage,
  from: number,
  to: number,
  out: Uint8Array | Uint16Array,
  bits: 8 | 16,
  abStart = 0,
): void {
  const ch = img.alpha ? 4 : 3;
  const max = bits === 16 ? 65535 : 255;
  const lin = new Float64Array(3);
  const { L, a, b, alpha } = img;
  const { MI, XN, ZN, EPS, KAPPA } = LAB_TO_LINEAR;
  const [m0, m1, m2, m3, m4, m5, m6, m7, m8] = MI;
  const kEps = KAPPA * EPS;
  for (let i = from, j = from * ch; i < to; i++, j += ch) {
    const l = L[i],
      ai = a[i - abStart],
      bi = b[i - abStart];
    const fy = (l + 16) / 116,
      fx = fy + ai / 500,
      fz = fy - bi / 200;
    const fx3 = fx * fx * fx,
      fz3 = fz * fz * fz;
    const x = XN * (fx3 > EPS ? fx3 : (116 * fx - 16) / KAPPA);
    const y = l > kEps ? fy * fy * fy : l / KAPPA;
    const z = ZN * (fz3 > EPS ? fz3 : (116 * fz - 16) / KAPPA);
    let r = m0 * x + m1 * y + m2 * z,
      g = m3 * x + m4 * y + m5 * z,
      bl = m6 * x + m7 * y + m8 * z;
    if (r < 0 || r > 1 || g < 0 || g > 1 || bl < 0 || bl > 1) {
      inGamutLinear(l, ai, bi, lin);
      r = lin[0];
      g = lin[1];
      bl = lin[2];
    }
    // Adding 0.5 and truncating rounds: the values are never negative here.
    out[j] = encodeSrgb01(r) * max + 0.5;
    out[j + 1] = encodeSrgb01(g) * max + 0.5;
    out[j + 2] = encodeSrgb01(bl) * max + 0.5;
    if (alpha) out[j + 3] = clip01(alpha[i]) * max + 0.5;
  }
}

/**
 * Linear [0,1] -> 8-bit sRGB code by a 16384-step table: half the preview's time went to
 * encodeSrgb01's interpolation, which 8 bits do not need (a step of the table is a fifth of the
 * darkest 8-bit step; at most a rare one-level difference from the exact rounding).
 */
const ENCODE8_STEPS = 16384;
const encode8 = Uint8Array.from({ length: ENCODE8_STEPS + 1 }, (_, i) =>
  Math.round(linearToSrgb(i / ENCODE8_STEPS) * 255),
);
const to8 = (v: number) => encode8[v <= 0 ? 0 : v >= 1 ? ENCODE8_STEPS : (v * ENCODE8_STEPS + 0.5) | 0];

/**
 * Lab planes -> RGBA 8-bit for a canvas (opaque where the image has no alpha). It runs on every
 * preview update, so labToLinear is inlined for the common in-gamut pixel; the rare out-of-gamut
 * one goes through inGamutLinear as in the export.
 */
export function labToRgba8(
  img: LabImage,
  only?: { mask?: Uint8Array; into?: Uint8ClampedArray; from?: number; to?: number },
): Uint8ClampedArray {
  const n = img.width * img.height;
  // With `only`: just the masked pixels, or pixels from..to-1, converted into an earlier rendering.
  const out = only?.into ?? new Uint8ClampedArray(n * 4);
  const mask = only?.mask;
  const lin = new Float64Array(3);
  const { L, a, b, alpha } = img;
  const { MI, XN, ZN, EPS, KAPPA } = LAB_TO_LINEAR;
  const [m0, m1, m2, m3, m4, m5, m6, m7, m8] = MI;
  const kEps = KAPPA * EPS;
  for (let i = only?.from ?? 0, j = 4 * i, end = only?.to ?? n; i < end; i++, j += 4) {
    if (mask && !mask[i]) continue;
    const l = L[i],
      fy = (l + 16) / 116,
      fx = fy + a[i] / 500,
      fz = fy - b[i] / 200;
    const fx3 = fx * fx * fx,
      fz3 = fz * fz * fz;
    const x = XN * (fx3 > EPS ? fx3 : (116 * fx - 16) / KAPPA);
    const y = l > kEps ? fy * fy * fy : l / KAPPA;
    const z = ZN * (fz3 > EPS ? fz3 : (116 * fz - 16) / KAPPA);
    let r = m0 * x + m1 * y + m2 * z,
      g = m3 * x + m4 * y + m5 * z,
      bl = m6 * x + m7 * y + m8 * z;
    if (r < 0 || r > 1 || g < 0 || g > 1 || bl < 0 || bl > 1) {
      // 7 bisection steps put the chroma within 1% of the gamut's edge: below one 8-bit step.
      inGamutLinear(l, a[i], b[i], lin, 7);
      r = lin[0];
      g = lin[1];
      bl = lin[2];
    }
    out[j] = to8(r);
    out[j + 1] = to8(g);
    out[j + 2] = to8(bl);
    out[j + 3] = alpha ? clip01(alpha[i]) * 255 + 0.5 : 255;
  }
  return out;
}
