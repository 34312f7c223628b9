/**
 * 16-bit single-channel images for label maps and UCMs (the BSDS500 file convention: labels
 * 1..N in a 16-bit PNG), written atomically like every Tinct output.
 */
import sharp from 'sharp';
import { writeAtomically } from '../image/atomic-write.js';
import { TinctError } from '../errors.js';

export type GreyFormat = 'png' | 'tiff';

export function greyFormatFromPath(path: string): GreyFormat | undefined {
  const ext = path.toLowerCase().split('.').pop();
  return ext === 'png' ? 'png' : ext === 'tif' || ext === 'tiff' ? 'tiff' : undefined;
}

/** Labels 1..count as 16-bit samples; more than 65535 regions do not fit and are refused. */
export function labelsToUint16(path: string, labels: Uint32Array, count: number): Uint16Array {
  if (count > 65535)
    throw new TinctError(
      path,
      `${count} regions do not fit a 16-bit label map: choose a higher --level or fewer --regions`,
    );
  return Uint16Array.from(labels);
}

/** UCM levels in [0,1] scaled to 0..65535. */
export function ucmToUint16(ucm: Float32Array): Uint16Array {
  const out = new Uint16Array(ucm.length);
  for (let i = 0; i < ucm.length; i++) out[i] = Math.round(Math.min(1, Math.max(0, ucm[i])) * 65535);
  return out;
}

export async function writeGrey16(path: string, samples: Uint16Array, width: number, height: number): Promise<void> {
  const format = greyFormatFromPath(path);
  if (!format) throw new TinctError(path, 'a 16-bit label map or UCM must be a .png or .tif file');
  let pipe = sharp(samples, { raw: { width, height, channels: 1 } }).toColourspace('grey16');
  pipe =
    format === 'png'
      ? pipe.png({ compressionLevel: 6 })
      : pipe.tiff({ compression: 'deflate', predictor: 'horizontal' });
  await writeAtomically(path, async (tmp) => {
    await pipe.toFile(tmp);
  });
}
