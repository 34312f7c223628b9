/**
 * Writing the colourised photo: TIFF (8 or 16 bit, deflate), PNG (8 or 16 bit) or JPEG, with the
 * sRGB ICC profile embedded and XMP saying it was made by Tinct, which version and with which
 * settings (XMP, because libvips' TIFF writer does not carry EXIF).
 */
import sharp from 'sharp';
import { writeAtomically } from './atomic-write.js';
import { clip01, labToLinear, linearToSrgb } from './lab.js';
import { VERSION } from './version.js';

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
  /** JPEG quality, 1..100. */
  quality?: number;
}

export function formatFromPath(path: string): ExportFormat | undefined {
  const ext = path.toLowerCase().split('.').pop();
  if (ext === 'tif' || ext === 'tiff') return 'tiff';
  if (ext === 'png') return 'png';
  if (ext === 'jpg' || ext === 'jpeg') return 'jpeg';
  return undefined;
}

export const EXTENSION: Record<ExportFormat, string> = { tiff: '.tif', png: '.png', jpeg: '.jpg' };

/** Lab planes -> interleaved sRGB(A) samples, 8 or 16 bit, clipped to the gamut. */
export function labToRgbSamples(img: LabImage, bits: BitDepth): Uint8Array | Uint16Array {
  const n = img.width * img.height;
  const ch = img.alpha ? 4 : 3;
  const max = bits === 16 ? 65535 : 255;
  const out = bits === 16 ? new Uint16Array(n * ch) : new Uint8Array(n * ch);
  const lin = new Float64Array(3);
  for (let i = 0, j = 0; i < n; i++, j += ch) {
    labToLinear(img.L[i], img.a[i], img.b[i], lin);
    out[j] = Math.round(clip01(linearToSrgb(lin[0])) * max);
    out[j + 1] = Math.round(clip01(linearToSrgb(lin[1])) * max);
    out[j + 2] = Math.round(clip01(linearToSrgb(lin[2])) * max);
    if (img.alpha) out[j + 3] = Math.round(clip01(img.alpha[i]) * max);
  }
  return out;
}

export async function writeImage(path: string, img: LabImage, opts: ExportOptions): Promise<void> {
  const bits: BitDepth = opts.format === 'jpeg' ? 8 : opts.bits;
  const samples = labToRgbSamples(img, bits);
  const channels = img.alpha ? 4 : 3;
  let pipe = sharp(samples, { raw: { width: img.width, height: img.height, channels } })
    .toColourspace(bits === 16 ? 'rgb16' : 'srgb')
    .withIccProfile('srgb')
    .withXmp(xmpPacket(opts.settings ?? {}));
  if (opts.format === 'tiff') pipe = pipe.tiff({ compression: 'deflate', predictor: 'horizontal' });
  if (opts.format === 'png') pipe = pipe.png({ compressionLevel: 6 });
  if (opts.format === 'jpeg') pipe = pipe.jpeg({ quality: opts.quality ?? 92, chromaSubsampling: '4:4:4' });
  await writeAtomically(path, async (tmp) => {
    await pipe.toFile(tmp);
  });
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function xmpPacket(settings: Record<string, unknown>): string {
  return '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>' +
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
    '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:tinct="https://github.com/tinct/ns/1.0/"' +
    ` xmp:CreatorTool="Tinct ${xmlEscape(VERSION)}" tinct:Version="${xmlEscape(VERSION)}"` +
    ` tinct:Settings="${xmlEscape(JSON.stringify(settings))}"/>` +
    '</rdf:RDF></x:xmpmeta><?xpacket end="w"?>';
}
