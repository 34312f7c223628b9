/**
 * The files of the bad-input catalogue (issue 7), shared by the engine/CLI test
 * (test/integration/bad-input-catalogue.test.ts) and the UI test (test/e2e/bad-input-ui.e2e.ts).
 * Some are files sharp will not write but users have: a 32-bit float TIFF, a PNG whose header
 * claims 30000×30000 pixels (a decompression bomb), a JPEG with an EXIF orientation outside 1..8.
 */
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';

/** The first `fraction` of a 200×150 image (a grey field with a white disc) in `format`. */
export async function truncatedImage(format: 'jpeg' | 'png' | 'tiff', fraction = 0.6): Promise<Buffer> {
  const whole = await sharp({ create: { width: 200, height: 150, channels: 3, background: '#678' } })
    .composite([
      { input: Buffer.from('<svg width="200" height="150"><circle cx="100" cy="75" r="60" fill="#fff"/></svg>') },
    ])
    [format]()
    .toBuffer();
  return whole.subarray(0, Math.floor(whole.length * fraction));
}

/** What a text file named .jpg holds. */
export const NOT_AN_IMAGE_TEXT = 'Dear Aunt Mabel,\nthe photos are in the attic.\n';

/** A flat grey RGB PNG of any size (1×1, 1×10000). */
export async function writeFlatPng(path: string, width: number, height: number): Promise<void> {
  await sharp({ create: { width, height, channels: 3, background: '#777' } })
    .png()
    .toFile(path);
}

/** A 60×40 CMYK JPEG. */
export async function writeCmykJpeg(path: string): Promise<void> {
  await sharp({ create: { width: 60, height: 40, channels: 3, background: '#a33' } })
    .toColourspace('cmyk')
    .jpeg()
    .toFile(path);
}

/** A 64×48 16-bit grey TIFF (LZW), a ramp. */
export async function writeGrey16Tiff(path: string): Promise<void> {
  await sharp(
    new Uint16Array(64 * 48).map((_, i) => i * 20),
    { raw: { width: 64, height: 48, channels: 1 } },
  )
    .toColourspace('grey16')
    .tiff({ compression: 'lzw' })
    .toFile(path);
}

/** A 30×30 grey PNG with 40 % opacity. */
export async function writeAlphaPng(path: string): Promise<void> {
  await sharp({ create: { width: 30, height: 30, channels: 4, background: { r: 90, g: 90, b: 90, alpha: 0.4 } } })
    .png()
    .toFile(path);
}

/** A 24×16 animation of two frames (red, then blue). */
export async function writeAnimated(path: string, format: 'gif' | 'webp'): Promise<void> {
  const frames = await Promise.all(
    ['#f00', '#00f'].map((c) =>
      sharp({ create: { width: 24, height: 16, channels: 3, background: c } })
        .png()
        .toBuffer(),
    ),
  );
  await sharp(frames, { join: { animated: true } })
    [format]()
    .toFile(path);
}

/** A folder and a file name with spaces and non-ASCII characters. */
export const AWKWARD_FOLDER = 'Oma’s album — 1952';
export const AWKWARD_NAME = 'фото ü 1.jpg';

/** A minimal little-endian TIFF, one strip, uncompressed, grey float32 samples. */
export function floatTiff(width: number, height: number, value: (x: number, y: number) => number): Buffer {
  const pixels = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) pixels.writeFloatLE(value(x, y), 4 * (y * width + x));
  const tags: [number, number, number][] = [
    // tag, type (3 SHORT, 4 LONG), value
    [256, 4, width],
    [257, 4, height],
    [258, 3, 32],
    [259, 3, 1],
    [262, 3, 1],
    [273, 4, 0 /* strip offset, set below */],
    [277, 3, 1],
    [278, 4, height],
    [279, 4, pixels.length],
    [339, 3, 3],
  ];
  const ifdSize = 2 + 12 * tags.length + 4;
  const dataAt = 8 + ifdSize;
  const out = Buffer.alloc(dataAt + pixels.length);
  out.write('II', 0, 'latin1');
  out.writeUInt16LE(42, 2);
  out.writeUInt32LE(8, 4);
  out.writeUInt16LE(tags.length, 8);
  tags.forEach(([tag, type, v], k) => {
    const o = 10 + 12 * k;
    out.writeUInt16LE(tag, o);
    out.writeUInt16LE(type, o + 2);
    out.writeUInt32LE(1, o + 4);
    if (type === 3) out.writeUInt16LE(v, o + 8);
    else out.writeUInt32LE(tag === 273 ? dataAt : v, o + 8);
  });
  pixels.copy(out, dataAt);
  return out;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

/** A PNG header for a width×height grey image followed by almost no data. */
export function bombPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // grey
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(Buffer.alloc(1000))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A JPEG whose EXIF orientation tag holds `value` (sharp only writes 1..8). */
export async function jpegWithOrientation(value: number): Promise<Buffer> {
  const jpeg = await sharp({ create: { width: 30, height: 20, channels: 3, background: '#888' } })
    .withMetadata({ orientation: 6 })
    .jpeg()
    .toBuffer();
  // Find the orientation entry (tag 0x0112, SHORT, count 1, value 6) in either byte order.
  const le = Buffer.from([0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x06, 0x00]);
  const be = Buffer.from([0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x06]);
  let at = jpeg.indexOf(le);
  if (at >= 0) jpeg.writeUInt16LE(value, at + 8);
  else {
    at = jpeg.indexOf(be);
    jpeg.writeUInt16BE(value, at + 8);
  }
  if (at < 0) throw new Error('no orientation tag found');
  return jpeg;
}
