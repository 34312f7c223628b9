/**
 * Reading a photo into Tinct's working form: full-resolution lightness L (0..100, float) plus any
 * alpha kept aside. Colour or sepia-toned scans are reduced to their lightness, since the network
 * decides the colour. sharp applies EXIF orientation and embedded ICC profiles; 16-bit sources are
 * decoded at 16 bits so their precision survives to the export.
 */
import { open, stat } from 'node:fs/promises';
import sharp from 'sharp';
import type { Metadata, OutputInfo } from 'sharp';
import { TinctError, oneLine } from '../errors.js';
import { lightnessFromY, linearTable } from '../colour/lab.js';

export interface GreyImage {
  /** The file's path, or the name an upload came with. */
  name: string;
  width: number;
  height: number;
  /** Lightness 0..100, row-major, width * height. */
  L: Float32Array;
  /** Opacity 0..1, or null when the source has none; restored on export. */
  alpha: Float32Array | null;
  /** Bits per sample of the source (8, or 16 for 16-bit and float sources). */
  bitDepth: 8 | 16;
  /** Things the user should know, e.g. that only the first frame of an animation was used. */
  notes: string[];
}

export interface LoadOptions {
  /** Refuse images with more pixels than this before decoding them (decompression bombs). */
  pixelLimit?: number;
}

export const DEFAULT_PIXEL_LIMIT = 100_000_000;
export const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.tif', '.tiff', '.webp', '.gif'];

const tables = { 8: linearTable(8), 16: linearTable(16) };
/** L of every grey code value, so grey sources skip the cube root. */
const greyL = { 8: tables[8].map(lightnessFromY), 16: tables[16].map(lightnessFromY) };

/** A file path, or bytes with the name to use in messages (uploads in the browser shell). */
export type ImageSource = string | { name: string; data: Buffer };

export async function loadImage(source: ImageSource, opts: LoadOptions = {}): Promise<GreyImage> {
  const name = typeof source === 'string' ? source : source.name;
  const input = typeof source === 'string' ? source : source.data;
  const limit = opts.pixelLimit ?? DEFAULT_PIXEL_LIMIT;
  await checkFile(source);

  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch (err) {
    // A file that starts like an image but cannot be parsed is damaged, not "not an image".
    const known = sniffFormat(await firstBytes(source));
    const reason = describeSharpError(err);
    throw new TinctError(
      name,
      known && reason.startsWith('not an image') ? `corrupt or truncated ${known} file` : reason,
      { cause: err },
    );
  }
  if (!meta.width || !meta.height) throw new TinctError(name, 'not an image Tinct can read (no size in its header)');
  const pixels = meta.width * meta.height;
  if (pixels > limit) {
    throw new TinctError(
      name,
      `${meta.width}×${meta.height} is ${(pixels / 1e6).toFixed(1)} MP, over the pixel limit of ` +
        `${(limit / 1e6).toFixed(0)} MP`,
    );
  }
  const sixteen = meta.depth !== undefined && meta.depth !== 'uchar' && meta.depth !== 'char';
  const notes: string[] = [];
  if ((meta.pages ?? 1) > 1) notes.push(`has ${meta.pages} frames or pages: the first one is used`);

  const float = meta.depth === 'float' || meta.depth === 'double';
  let raw: { data: Buffer; info: OutputInfo };
  try {
    let pipe = sharp(input, { limitInputPixels: limit, failOn: 'warning', page: 0, pages: 1 }).rotate();
    if (float) {
      pipe = pipe.raw({ depth: 'float' });
    } else {
      // A grey source is decoded as one channel: a third of the data, and L is a table lookup.
      const grey = (meta.channels ?? 3) <= 2;
      const space = grey ? (sixteen ? 'grey16' : 'b-w') : sixteen ? 'rgb16' : 'srgb';
      pipe = pipe.toColourspace(space);
      pipe = sixteen ? pipe.raw({ depth: 'ushort' }) : pipe.raw();
    }
    raw = await pipe.toBuffer({ resolveWithObject: true });
  } catch (err) {
    throw new TinctError(name, describeSharpError(err), { cause: err });
  }
  if (float) raw = { data: floatToUshort(raw.data), info: raw.info };
  // sharp converts a 16-bit RGB source with an embedded profile to Display P3, not sRGB (its
  // pipeline.cc), so its luminance weights are P3's.
  const p3 = sixteen && !!meta.hasProfile && meta.space !== 'grey16' && meta.space !== 'b-w';
  const { tone, ...grey } = toLightness(raw.data, raw.info, sixteen ? 16 : 8, p3 ? P3_LUMINANCE : SRGB_LUMINANCE);
  if (tone !== 'grey') notes.push(TONE_NOTES[tone]);
  return { name, ...grey, notes };
}

async function checkFile(source: ImageSource): Promise<void> {
  if (typeof source !== 'string') {
    if (source.data.length === 0) throw new TinctError(source.name, 'empty file (0 bytes)');
    return;
  }
  let st;
  try {
    st = await stat(source);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new TinctError(
      source,
      code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : oneLine(err),
      code === 'ENOENT' ? { code: 'not-found' } : undefined,
    );
  }
  if (st.isDirectory()) throw new TinctError(source, 'is a folder, not an image');
  if (st.size === 0) throw new TinctError(source, 'empty file (0 bytes)');
}

/**
 * Float samples (32-bit TIFFs from scanners and raw converters) as 16-bit ones. Most are
 * normalised to [0,1]; some keep 8- or 16-bit ranges, which the maximum tells apart.
 */
function floatToUshort(data: Buffer): Buffer {
  const f = new Float32Array(data.buffer, data.byteOffset, data.length / 4);
  let max = 0;
  for (let i = 0; i < f.length; i++) if (f[i] > max) max = f[i];
  const scale = max <= 1 ? 65535 : max <= 255 ? 65535 / 255 : max <= 65535 ? 1 : 65535 / max;
  const out = new Uint16Array(f.length);
  for (let i = 0; i < f.length; i++) out[i] = Math.min(65535, Math.max(0, Math.round(f[i] * scale)));
  return Buffer.from(out.buffer);
}

async function firstBytes(source: ImageSource): Promise<Buffer> {
  if (typeof source !== 'string') return source.data.subarray(0, 16);
  const fh = await open(source, 'r');
  try {
    const buf = Buffer.alloc(16);
    const { bytesRead } = await fh.read(buf, 0, 16, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** The image format a file's first bytes announce, if any. */
export function sniffFormat(b: Buffer): string | null {
  if (b[0] === 0xff && b[1] === 0xd8) return 'JPEG';
  if (b.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]))) return 'PNG';
  const head = b.toString('latin1', 0, 4);
  if (head === 'II*\0' || head === 'MM\0*') return 'TIFF';
  if (head === 'GIF8') return 'GIF';
  if (head === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'WebP';
  return null;
}

/** sharp's messages are for developers; turn the common ones into a reason a user understands. */
export function describeSharpError(err: unknown): string {
  const msg = oneLine(err);
  if (/unsupported image format/i.test(msg)) return 'not an image Tinct can read (JPEG, PNG, TIFF, WebP, GIF)';
  if (/pixel limit/i.test(msg)) return 'image is over the pixel limit';
  if (/premature end|truncated|unexpected end|corrupt|invalid|bad |read error|not a/i.test(msg)) {
    return `corrupt or truncated image (${msg})`;
  }
  return `cannot decode image (${msg})`;
}

const SRGB_LUMINANCE = [0.2126729, 0.7151522, 0.072175] as const;
const P3_LUMINANCE = [0.2289746, 0.6917385, 0.0792869] as const;

function toLightness(
  data: Buffer,
  info: OutputInfo,
  bits: 8 | 16,
  weights: readonly number[],
): Omit<GreyImage, 'notes' | 'name'> & { tone: SourceTone } {
  const [wr, wg, wb] = weights;
  const { width, height, channels } = info;
  const n = width * height;
  const samples =
    bits === 16
      ? new Uint16Array(data.buffer, data.byteOffset, data.length / 2)
      : new Uint8Array(data.buffer, data.byteOffset, data.length);
  const lin = tables[bits];
  const max = bits === 16 ? 65535 : 255;
  // In shared memory: the export's two threads read L and alpha in place (preview-threads.ts).
  const L = new Float32Array(new SharedArrayBuffer(4 * n));
  const hasAlpha = channels === 4 || channels === 2;
  const alpha = hasAlpha ? new Float32Array(new SharedArrayBuffer(4 * n)) : null;
  const colour = channels >= 3;
  const lut = greyL[bits];
  // Colour in the source, tallied on every 16th pixel as opponent components in 0..1 (see toneOf).
  let sumRg = 0,
    sumYb = 0,
    sumMag = 0,
    counted = 0;
  // The common scan, one grey channel: a plain lookup loop, five times faster than the general one.
  if (channels === 1) {
    for (let i = 0; i < n; i++) L[i] = lut[samples[i]];
    return { width, height, L, alpha, bitDepth: bits, tone: 'grey' };
  }
  for (let i = 0, j = 0; i < n; i++, j += channels) {
    if (colour && (i & 15) === 0) {
      const rg = (samples[j] - samples[j + 1]) / max,
        yb = (samples[j] + samples[j + 1]) / (2 * max) - samples[j + 2] / max;
      sumRg += rg;
      sumYb += yb;
      sumMag += Math.hypot(rg, yb);
      counted++;
    }
    if (!colour) L[i] = lut[samples[j]];
    else {
      const r = samples[j],
        g = samples[j + 1],
        b = samples[j + 2];
      // Black-and-white photos saved as RGB are the common case: equal channels are a table
      // lookup, not a cube root (the weights sum to 1, so the result is the same).
      L[i] = r === g && g === b ? lut[r] : lightnessFromY(wr * lin[r] + wg * lin[g] + wb * lin[b]);
    }
    if (alpha) alpha[i] = samples[j + channels - 1] / max;
  }
  return { width, height, L, alpha, bitDepth: bits, tone: toneOf(sumRg, sumYb, sumMag, counted) };
}

/**
 * What colour the source had: none (grey), one tint everywhere (a sepia or other toned print:
 * the opponent vectors all point one way) or real colour. 0.04 of the opponent range is about
 * 10 grey levels: JPEG noise in a scanned grey print stays under it.
 */
function toneOf(sumRg: number, sumYb: number, sumMag: number, count: number): SourceTone {
  if (count === 0 || sumMag / count < 0.04) return 'grey';
  return Math.hypot(sumRg, sumYb) / sumMag > 0.9 ? 'toned' : 'colour';
}

export type SourceTone = 'grey' | 'toned' | 'colour';

/** Tells the user that the source's own colours are not used (issue: a colour photo silently greyed). */
export const TONE_NOTES: Record<Exclude<SourceTone, 'grey'>, string> = {
  colour: 'Tinct colours from the lightness; the original colours are set aside',
  toned: 'a toned (sepia-like) print: Tinct colours from the lightness; the tint is set aside',
};
