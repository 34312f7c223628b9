/**
 * Writing the colourised photo: TIFF (8 or 16 bit, deflate), PNG (8 or 16 bit) or JPEG, with the
 * sRGB ICC profile embedded (attached, never applied: see icc.ts) and XMP saying it was made by Tinct, which version and with which
 * settings (XMP, because libvips' TIFF writer does not carry EXIF; the packet is in tinct-xmp.ts).
 */
import { writeFile } from 'node:fs/promises';
import sharp from 'sharp';
import { writeAtomically } from './atomic-write.js';
import { jpegWithIcc, pngWithIcc, srgbProfile, tiffWithIcc } from './icc.js';
import { labToRgbSamples } from '../colour/lab-to-srgb.js';
import { xmpPacket } from './tinct-xmp.js';

export type ExportFormat = 'tiff' | 'png' | 'jpeg';
export type BitDepth = 8 | 16;

/** A colour image in Lab planes at full resolution, with the source's alpha if it had one. */
export interface LabImage {
  width: number;
  height: number;
  L: Float32Array;
  a: Float32Array;
  b: Float32Array;
  alpha: Float32Array | null;
}

export interface ExportOptions {
  format: ExportFormat;
  bits: BitDepth;
  /** Recorded in the file's XMP so a result can be traced back to its settings. */
  settings?: Record<string, unknown>;
  /** What the result was made from (input, model, settings), for `--resume`: see batch/provenance.ts. */
  provenance?: unknown;
  /** JPEG quality, 1..100. */
  quality?: number;
  /** Cancels the export; checked after encoding, before the file takes the target's place. */
  signal?: AbortSignal;
}

export function formatFromPath(path: string): ExportFormat | undefined {
  const ext = path.toLowerCase().split('.').pop();
  if (ext === 'tif' || ext === 'tiff') return 'tiff';
  if (ext === 'png') return 'png';
  if (ext === 'jpg' || ext === 'jpeg') return 'jpeg';
  return undefined;
}

export const EXTENSION: Record<ExportFormat, string> = { tiff: '.tif', png: '.png', jpeg: '.jpg' };

export async function writeImage(path: string, img: LabImage, opts: ExportOptions): Promise<void> {
  const bits: BitDepth = opts.format === 'jpeg' ? 8 : opts.bits;
  const samples = labToRgbSamples(img, bits);
  const channels = img.alpha ? 4 : 3;
  let pipe = sharp(samples, { raw: { width: img.width, height: img.height, channels } })
    .toColourspace(bits === 16 ? 'rgb16' : 'srgb')
    .withXmp(xmpPacket(opts.settings ?? {}, opts.provenance));
  if (opts.format === 'tiff') pipe = pipe.tiff({ compression: 'deflate', predictor: 'horizontal' });
  if (opts.format === 'png') pipe = pipe.png({ compressionLevel: 6 });
  if (opts.format === 'jpeg') pipe = pipe.jpeg({ quality: opts.quality ?? 92, chromaSubsampling: '4:4:4' });
  const [encoded, icc] = await Promise.all([pipe.toBuffer(), srgbProfile()]);
  const withIcc =
    opts.format === 'tiff'
      ? tiffWithIcc(encoded, icc)
      : opts.format === 'png'
        ? pngWithIcc(encoded, icc)
        : jpegWithIcc(encoded, icc);
  await writeAtomically(path, (tmp) => writeFile(tmp, withIcc), opts.signal);
}
