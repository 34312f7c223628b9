/**
 * Files sharp will not write but users have: a 32-bit float TIFF, a PNG whose header claims
 * 30000×30000 pixels (a decompression bomb), a JPEG with an EXIF orientation outside 1..8.
 */
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';

/** A minimal little-endian TIFF, one strip, uncompressed, grey float32 samples. */
export function floatTiff(width: number, height: number, value: (x: number, y: number) => number): Buffer {
  const pixels = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) pixels.writeFloatLE(value(x, y), 4 * (y * width + x));
  const tags: [number, number, number][] = [ // tag, type (3 SHORT, 4 LONG), value
    [256, 4, width], [257, 4, height], [258, 3, 32], [259, 3, 1], [262, 3, 1],
    [273, 4, 0 /* strip offset, set below */], [277, 3, 1], [278, 4, height], [279, 4, pixels.length], [339, 3, 3],
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
    if (type === 3) out.writeUInt16LE(v, o + 8); else out.writeUInt32LE(tag === 273 ? dataAt : v, o + 8);
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
    pngChunk('IHDR', ihdr), pngChunk('IDAT', deflateSync(Buffer.alloc(1000))), pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A JPEG whose EXIF orientation tag holds `value` (sharp only writes 1..8). */
export async function jpegWithOrientation(value: number): Promise<Buffer> {
  const jpeg = await sharp({ create: { width: 30, height: 20, channels: 3, background: '#888' } }).withMetadata({ orientation: 6 }).jpeg().toBuffer();
  // Find the orientation entry (tag 0x0112, SHORT, count 1, value 6) in either byte order.
  const le = Buffer.from([0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x06, 0x00]);
  const be = Buffer.from([0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x06]);
  let at = jpeg.indexOf(le);
  if (at >= 0) jpeg.writeUInt16LE(value, at + 8);
  else { at = jpeg.indexOf(be); jpeg.writeUInt16BE(value, at + 8); }
  if (at < 0) throw new Error('no orientation tag found');
  return jpeg;
}
