/**
 * Exact sRGB (D65) <-> CIE Lab. The constants are the ones the training recipe uses
 * (models/train/lab.py), so the network sees the same L in the app as in training.
 */

// sRGB primaries to XYZ (IEC 61966-2-1, D65), and its inverse.
const M = [0.4124564, 0.3575761, 0.1804375, 0.2126729, 0.7151522, 0.072175, 0.0193339, 0.119192, 0.9503041];
const MI = invert3(M);
export const WHITE_D65 = [0.95047, 1.0, 1.08883] as const;
const [XN, , ZN] = WHITE_D65;
const EPS = 216 / 24389;
const KAPPA = 24389 / 27;

function invert3(m: number[]): number[] {
  const [a, b, c, d, e, f, g, h, i] = m;
  const A = e * i - f * h,
    B = -(d * i - f * g),
    C = d * h - e * g;
  const det = a * A + b * B + c * C;
  return [
    A / det,
    -(b * i - c * h) / det,
    (b * f - c * e) / det,
    B / det,
    (a * i - c * g) / det,
    -(a * f - c * d) / det,
    C / det,
    -(a * h - b * g) / det,
    (a * e - b * d) / det,
  ];
}

export function srgbToLinear(v: number): number {
  return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
}

export function linearToSrgb(v: number): number {
  return v <= 0.0031308 ? 12.92 * v : 1.055 * Math.pow(v, 1 / 2.4) - 0.055;
}

function f(t: number): number {
  return t > EPS ? Math.cbrt(t) : (KAPPA * t + 16) / 116;
}

function fInv(t: number): number {
  const t3 = t * t * t;
  return t3 > EPS ? t3 : (116 * t - 16) / KAPPA;
}

/** L from relative luminance Y (white = 1). */
export function lightnessFromY(y: number): number {
  return 116 * f(y) - 16;
}

/** sRGB in [0,1] -> [L, a, b]. */
export function rgbToLab(r: number, g: number, b: number): [number, number, number] {
  const lr = srgbToLinear(r),
    lg = srgbToLinear(g),
    lb = srgbToLinear(b);
  const x = (M[0] * lr + M[1] * lg + M[2] * lb) / WHITE_D65[0];
  const y = M[3] * lr + M[4] * lg + M[5] * lb;
  const z = (M[6] * lr + M[7] * lg + M[8] * lb) / WHITE_D65[2];
  const fx = f(x),
    fy = f(y),
    fz = f(z);
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}

/** The Lab → linear RGB constants, for loops that inline labToLinear (the preview's). */
export const LAB_TO_LINEAR = { MI, XN, ZN, EPS, KAPPA } as const;

/** [L, a, b] -> linear RGB, unclipped (out-of-gamut colours come out below 0 or above 1). */
export function labToLinear(
  L: number,
  a: number,
  b: number,
  out: Float64Array | number[] = [0, 0, 0],
): Float64Array | number[] {
  const fy = (L + 16) / 116;
  const x = XN * fInv(fy + a / 500);
  const y = L > KAPPA * EPS ? fy * fy * fy : L / KAPPA;
  const z = ZN * fInv(fy - b / 200);
  out[0] = MI[0] * x + MI[1] * y + MI[2] * z;
  out[1] = MI[3] * x + MI[4] * y + MI[5] * z;
  out[2] = MI[6] * x + MI[7] * y + MI[8] * z;
  return out;
}

/** [L, a, b] -> sRGB in [0,1], clipped to the gamut. */
export function labToRgb(L: number, a: number, b: number): [number, number, number] {
  const lin = labToLinear(L, a, b);
  return [clip01(linearToSrgb(lin[0])), clip01(linearToSrgb(lin[1])), clip01(linearToSrgb(lin[2]))];
}

const ENCODE_STEPS = 65536;
const encodeTable = (() => {
  const t = new Float64Array(ENCODE_STEPS + 2);
  for (let i = 0; i <= ENCODE_STEPS + 1; i++) t[i] = linearToSrgb(Math.min(i / ENCODE_STEPS, 1));
  return t;
})();

/**
 * linearToSrgb for v in [0,1] by table with linear interpolation: the curve's worst-case
 * interpolation error at 2^16 steps is below 1e-7, far under one 16-bit step (1.5e-5), and it is
 * an order of magnitude faster than Math.pow on 36 M samples of a 12 MP export.
 */
export function encodeSrgb01(v: number): number {
  if (v <= 0) return 0;
  if (v >= 1) return 1;
  const x = v * ENCODE_STEPS;
  const i = x | 0;
  return encodeTable[i] + (encodeTable[i + 1] - encodeTable[i]) * (x - i);
}

export function clip01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

/**
 * L for every code value of an n-bit sRGB grey (R = G = B), so loading a grey image is a lookup.
 * Also the linearisation table for colour inputs.
 */
export function linearTable(bits: 8 | 16): Float64Array {
  const n = 1 << bits;
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) t[i] = srgbToLinear(i / (n - 1));
  return t;
}
