/**
 * Embedding the sRGB ICC profile without letting it touch the pixels. sharp's withIccProfile()
 * converts the pixels into the profile with a perceptual intent (and treats 16-bit RGB as Display
 * P3), which moved saturated colours by thousands of 16-bit steps in our tests. So sharp encodes
 * without a profile and the profile is written into the encoded file here: an iCCP chunk (PNG), an
 * APP2 segment (JPEG) or tag 34675 (TIFF), each as its format's specification places it.
 */
import { open } from 'node:fs/promises';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';

let profile: Promise<Buffer> | undefined;

/** libvips' built-in sRGB profile, taken once from a 1-pixel image. */
export function srgbProfile(): Promise<Buffer> {
  profile ??= sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } })
    .withIccProfile('srgb')
    .png()
    .toBuffer()
    .then((png) => sharp(png).metadata())
    .then((m) => {
      if (!m.icc) throw new Error('sharp did not provide an sRGB profile');
      return m.icc;
    });
  return profile;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A copy of png with an iCCP chunk right after IHDR (where the PNG spec wants it). */
export function pngWithIcc(png: Buffer, icc: Buffer): Buffer {
  const IHDR_END = 8 + 25; // signature, then IHDR: length, type, 13 bytes of data, CRC
  const body = Buffer.concat([Buffer.from('iCCP', 'latin1'), Buffer.from('sRGB\0\0', 'latin1'), deflateSync(icc)]);
  const chunk = Buffer.alloc(body.length + 8);
  chunk.writeUInt32BE(body.length - 4, 0);
  body.copy(chunk, 4);
  chunk.writeUInt32BE(crc32(body), body.length + 4);
  return Buffer.concat([png.subarray(0, IHDR_END), chunk, png.subarray(IHDR_END)]);
}

/** A copy of a JPEG with the profile in an APP2 ICC_PROFILE segment after SOI (and any APP0). */
export function jpegWithIcc(jpeg: Buffer, icc: Buffer): Buffer {
  if (icc.length > 65519) throw new Error('ICC profile too large for one JPEG segment');
  let at = 2; // after SOI
  if (jpeg[2] === 0xff && jpeg[3] === 0xe0) at = 4 + jpeg.readUInt16BE(4); // keep JFIF first
  const seg = Buffer.alloc(4 + 14 + icc.length);
  seg.writeUInt16BE(0xffe2, 0);
  seg.writeUInt16BE(2 + 14 + icc.length, 2);
  seg.write('ICC_PROFILE\0', 4, 'latin1');
  seg[16] = 1; // chunk 1 of 1
  seg[17] = 1;
  icc.copy(seg, 18);
  return Buffer.concat([jpeg.subarray(0, at), seg, jpeg.subarray(at)]);
}

const ICC_TAG = 34675;

/**
 * Adds the profile to a classic TIFF file as tag 34675 in its first IFD, in place: the IFD is
 * rewritten at the end of the file with the extra entry (entries stay sorted), then the header is
 * pointed to it. Every other offset in the file stays valid because nothing before the end moves,
 * and the encoded file is never held in memory.
 */
export async function addIccToTiffFile(path: string, icc: Buffer): Promise<void> {
  const fh = await open(path, 'r+');
  try {
    const { size } = await fh.stat();
    const reads = new Map<number, Buffer>();
    // iccTail reads the header and the IFD: small reads, made first, then used synchronously.
    const read = async (at: number, n: number) => {
      const buf = Buffer.alloc(n);
      const { bytesRead } = await fh.read(buf, 0, n, at);
      if (bytesRead !== n) throw new Error('truncated TIFF');
      reads.set(at, buf);
      return buf;
    };
    const head = await read(0, 8);
    const le = head.toString('latin1', 0, 2) === 'II';
    const ifd = le ? head.readUInt32LE(4) : head.readUInt32BE(4);
    const countBuf = await read(ifd, 2);
    const count = le ? countBuf.readUInt16LE(0) : countBuf.readUInt16BE(0);
    await read(ifd + 2, 12 * count + 4);
    const { tail, newIfdAt } = iccTail((at, n) => sliceOf(reads, at, n), size, icc);
    await fh.write(tail, 0, tail.length, size);
    const header = Buffer.from(head);
    writeIfdOffset(header, newIfdAt);
    await fh.write(header, 4, 4, 4);
  } finally {
    await fh.close();
  }
}

function sliceOf(reads: Map<number, Buffer>, at: number, n: number): Buffer {
  for (const [start, buf] of reads)
    if (at >= start && at + n <= start + buf.length) return buf.subarray(at - start, at - start + n);
  throw new Error('TIFF read outside the header and IFD');
}

function writeIfdOffset(tiffHead: Buffer, offset: number): void {
  if (tiffHead.toString('latin1', 0, 2) === 'II') tiffHead.writeUInt32LE(offset, 4);
  else tiffHead.writeUInt32BE(offset, 4);
}

/** What goes after the end of a TIFF of `length` bytes: padding, the profile, the first IFD with tag 34675. */
function iccTail(
  read: (at: number, n: number) => Buffer,
  length: number,
  icc: Buffer,
): { tail: Buffer; newIfdAt: number } {
  const head = read(0, 8);
  const le = head.toString('latin1', 0, 2) === 'II';
  if (!le && head.toString('latin1', 0, 2) !== 'MM') throw new Error('not a TIFF');
  const u16 = (b: Buffer, o: number) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
  const u32 = (b: Buffer, o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
  if (u16(head, 2) !== 42) throw new Error('BigTIFF is not supported here');
  const ifd = u32(head, 4);
  const count = u16(read(ifd, 2), 0);
  const table0 = read(ifd + 2, 12 * count + 4);
  const entries: Buffer[] = [];
  for (let k = 0; k < count; k++) entries.push(table0.subarray(12 * k, 12 * k + 12));
  const nextIfd = u32(table0, 12 * count);
  const tagOf = (e: Buffer) => u16(e, 0);
  const iccAt = length + (length % 2); // word-aligned
  const newIfdAt = iccAt + icc.length + (icc.length % 2);
  const entry = Buffer.alloc(12);
  const w16 = (b: Buffer, v: number, o: number) => (le ? b.writeUInt16LE(v, o) : b.writeUInt16BE(v, o));
  const w32 = (b: Buffer, v: number, o: number) => (le ? b.writeUInt32LE(v, o) : b.writeUInt32BE(v, o));
  w16(entry, ICC_TAG, 0);
  w16(entry, 7, 2); // UNDEFINED
  w32(entry, icc.length, 4);
  w32(entry, iccAt, 8);
  const kept = entries.filter((e) => tagOf(e) !== ICC_TAG);
  kept.push(entry);
  kept.sort((a, b) => tagOf(a) - tagOf(b));
  const table = Buffer.alloc(2 + 12 * kept.length + 4);
  w16(table, kept.length, 0);
  kept.forEach((e, k) => e.copy(table, 2 + 12 * k));
  w32(table, nextIfd, 2 + 12 * kept.length);
  const tail = Buffer.concat([Buffer.alloc(iccAt - length), icc, Buffer.alloc(newIfdAt - iccAt - icc.length), table]);
  return { tail, newIfdAt };
}
