/** A photo as CIE Lab planes, for the evaluations that compare a prediction with its truth. */
import sharp from 'sharp';
import { rgbToLab } from '../../src-main/engine/colour/lab.js';
import type { LabPlanes } from './color-metrics.js';

/** ignoreIcc: read an output of ours as written (sRGB), whatever profile it carries. */
export async function readLab(path: string, ignoreIcc = false): Promise<LabPlanes> {
  const { data, info } = await sharp(path, { ignoreIcc })
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  const n = info.width * info.height,
    c = info.channels;
  const L = new Float32Array(n),
    a = new Float32Array(n),
    b = new Float32Array(n);
  for (let i = 0; i < n; i++)
    [L[i], a[i], b[i]] = rgbToLab(data[i * c] / 255, data[i * c + 1] / 255, data[i * c + 2] / 255);
  return { L, a, b, width: info.width, height: info.height };
}
