/**
 * sRGB <-> CIE Lab (D65) for the UI only: the brush colour picker gives RGB, the document stores
 * ab. The same constants as the engine's lab.ts (the renderer may not import the engine).
 */
const M = [0.4124564, 0.3575761, 0.1804375, 0.2126729, 0.7151522, 0.072175, 0.0193339, 0.119192, 0.9503041];
const MI = [3.2404542, -1.5371385, -0.4985314, -0.969266, 1.8760108, 0.041556, 0.0556434, -0.2040259, 1.0572252];
const WHITE = [0.95047, 1, 1.08883];
const EPS = 216 / 24389,
  KAPPA = 24389 / 27;

const toLin = (v: number) => (v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4));
const fromLin = (v: number) => (v <= 0.0031308 ? 12.92 * v : 1.055 * Math.pow(v, 1 / 2.4) - 0.055);
const f = (t: number) => (t > EPS ? Math.cbrt(t) : (KAPPA * t + 16) / 116);
const fInv = (t: number) => (t * t * t > EPS ? t * t * t : (116 * t - 16) / KAPPA);

/**
 * Colours people reach for when restoring a photo by hand, as sRGB (only their ab is used: the
 * photo keeps its own lightness).
 */
export const RESTORATION_PALETTE: { name: string; hex: string }[] = [
  { name: 'Fair skin', hex: '#e8b898' },
  { name: 'Medium skin', hex: '#c68642' },
  { name: 'Dark skin', hex: '#8d5524' },
  { name: 'Sky', hex: '#7fa7d9' },
  { name: 'Sea', hex: '#3f6e8c' },
  { name: 'Foliage', hex: '#4f7a32' },
  { name: 'Grass', hex: '#6b8e23' },
  { name: 'Wood', hex: '#8b5a2b' },
  { name: 'Brick', hex: '#a0452e' },
  { name: 'Denim', hex: '#3b5a85' },
];

/** rgb 0..255 -> [L, a, b]. */
export function rgbToLab([r, g, b]: [number, number, number]): [number, number, number] {
  const [R, G, B] = [r, g, b].map((v) => toLin(v / 255));
  const xyz = [0, 1, 2].map((i) => (M[i * 3] * R + M[i * 3 + 1] * G + M[i * 3 + 2] * B) / WHITE[i]);
  const [fx, fy, fz] = xyz.map(f);
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}

/** [L, a, b] -> linear sRGB 0..1 per channel, unclipped (outside 0..1: not an sRGB colour). */
function labToLinear(L: number, a: number, b: number): [number, number, number] {
  const fy = (L + 16) / 116,
    fx = fy + a / 500,
    fz = fy - b / 200;
  const xyz = [fInv(fx) * WHITE[0], L > KAPPA * EPS ? fy * fy * fy : L / KAPPA, fInv(fz) * WHITE[2]];
  return [0, 1, 2].map((i) => MI[i * 3] * xyz[0] + MI[i * 3 + 1] * xyz[1] + MI[i * 3 + 2] * xyz[2]) as [
    number,
    number,
    number,
  ];
}

/** [L, a, b] -> rgb 0..255, clipped to the gamut. */
export function labToRgb(L: number, a: number, b: number): [number, number, number] {
  return labToLinear(L, a, b).map((lin) => Math.round(Math.min(1, Math.max(0, fromLin(lin))) * 255)) as [
    number,
    number,
    number,
  ];
}

/** Whether [L, a, b] is an sRGB colour (the gamut picker shows only those). */
export function inSrgbGamut(L: number, a: number, b: number): boolean {
  return labToLinear(L, a, b).every((v) => v >= -1e-4 && v <= 1 + 1e-4);
}

export function hex([r, g, b]: [number, number, number]): string {
  return '#' + [r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('');
}

export function parseHex(h: string): [number, number, number] {
  const n = parseInt(h.replace('#', ''), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** How an ab hint looks at a mid lightness (hint list, brush cursor). */
export function abToCss(ab: [number, number] | null, L = 60): string {
  return ab ? hex(labToRgb(L, ab[0], ab[1])) : 'transparent';
}
