/**
 * Writing the colourised photo: TIFF (8 or 16 bit, LZW), PNG (8 or 16 bit) or JPEG (the formats and
 * their rules: export-formats.ts), with the sRGB ICC profile embedded (attached, never applied: see
 * icc.ts) and XMP saying it was made by Tinct, which version and with which settings (XMP, because
 * libvips' TIFF writer does not carry EXIF; the packet is in tinct-xmp.ts).
 */
import { writeFile } from 'node:fs/promises';
import sharp from 'sharp';
import { writeAtomically } from './atomic-write.js';
import { addIccToTiffFile, jpegWithIcc, pngWithIcc, srgbProfile } from './icc.js';
import { labToRgbSamples } from '../colour/lab-to-srgb.js';
import { xmpPacket } from './tinct-xmp.js';

import { bitsFor, extensionOf, EXPORT_FORMATS, type BitDepth, type ExportFormat } from './export-formats.js';

// The formats and their rules live in export-formats.ts; re-exported for the writer's callers.
export { formatFromPath } from './export-formats.js';
export type { BitDepth, ExportFormat };

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

export const EXTENSION = Object.fromEntries(EXPORT_FORMATS.map((f) => [f, extensionOf(f)])) as Record<
  ExportFormat,
  string
>;

/** Interleaved sRGB(A) samples ready to encode (what an export's threads produce: export-rows.ts). */
export interface RgbSamples {
  width: number;
  height: number;
  channels: 3 | 4;
  bits: BitDepth;
  data: Uint8Array | Uint16Array;
}

/**
 * TIFF compression, chosen by measurement (`npm run bench` prints the table; 12 MP, 16-bit
 * colour, 2 shared cores). On the bench's result (a photo with JPEG grain): LZW with the
 * horizontal predictor 1.4–2.5 s for 55.9 MB, deflate with it 1.5–2.9 s for 41.5 MB (slower in
 * every paired run), deflate alone 2.0–3.7 s for 67.8 MB, LZW alone 1.4–1.9 s for 92.6 MB (more
 * than none), none 0.1 s for 72 MB. On a smooth photo LZW + predictor is 3× faster than deflate +
 * predictor (0.74 s against 2.0 s) for 14.8 against 12.0 MB. This libvips has no zstd; libvips
 * compresses on one thread whatever its concurrency. Every TIFF reader reads LZW + predictor.
 */
export const TIFF_ENCODING = { compression: 'lzw', predictor: 'horizontal' } as const;

export async function writeImage(path: string, img: LabImage, opts: ExportOptions): Promise<void> {
  const bits = bitsFor(opts.format, opts.bits);
  const data = labToRgbSamples(img, bits);
  await writeSamples(path, { width: img.width, height: img.height, channels: img.alpha ? 4 : 3, bits, data }, opts);
}

/** Encodes samples (8-bit for JPEG) and writes them atomically with the ICC profile and XMP. */
export async function writeSamples(path: string, s: RgbSamples, opts: ExportOptions): Promise<void> {
  const { width, height, channels, bits } = s;
  let pipe = sharp(s.data, { raw: { width, height, channels } })
    .toColourspace(bits === 16 ? 'rgb16' : 'srgb')
    .withXmp(xmpPacket(opts.settings ?? {}, opts.provenance));
  if (opts.format === 'tiff') {
    // Straight to the file, the profile added in place: the encoded TIFF is never in memory.
    pipe = pipe.tiff(TIFF_ENCODING);
    const icc = await srgbProfile();
    await writeAtomically(
      path,
      async (tmp) => {
        await pipe.toFile(tmp);
        await addIccToTiffFile(tmp, icc);
      },
      opts.signal,
    );
    return;
  }
  if (opts.format === 'png') pipe = pipe.png({ compressionLevel: 6 });
  if (opts.format === 'jpeg') pipe = pipe.jpeg({ quality: opts.quality ?? 92, chromaSubsampling: '4:4:4' });
  const [encoded, icc] = await Promise.all([pipe.toBuffer(), srgbProfile()]);
  const withIcc = opts.format === 'png' ? pngWithIcc(encoded, icc) : jpegWithIcc(encoded, icc);
  await writeAtomically(path, (tmp) => writeFile(tmp, withIcc), opts.signal);
}
