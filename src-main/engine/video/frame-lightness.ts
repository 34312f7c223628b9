/** CIE L of 8-bit sRGB frames, by table: the per-frame conversion must cost a few milliseconds. */
import { lightnessFromY, srgbToLinear } from '../colour/lab.js';

const LINEAR8 = Float64Array.from({ length: 256 }, (_, i) => srgbToLinear(i / 255));
/** L for grey pixels (R = G = B): the common case of a black-and-white film, exact. */
const GREY_L = Float32Array.from(LINEAR8, (y) => lightnessFromY(y));

/** Interleaved RGB (3 bytes a pixel) -> L 0..100 (D65, Rec. 709 primaries, as lab.ts). */
export function lightnessOfRgb8(rgb: Uint8Array, out = new Float32Array(rgb.length / 3)): Float32Array {
  for (let i = 0, j = 0; i < out.length; i++, j += 3) {
    const r = rgb[j],
      g = rgb[j + 1],
      b = rgb[j + 2];
    out[i] =
      r === g && g === b
        ? GREY_L[r]
        : lightnessFromY(0.2126729 * LINEAR8[r] + 0.7151522 * LINEAR8[g] + 0.072175 * LINEAR8[b]);
  }
  return out;
}
