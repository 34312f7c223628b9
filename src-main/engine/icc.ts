/**
 * Embedding the sRGB ICC profile without letting it touch the pixels. sharp's withIccProfile()
 * converts the pixels into the profile with a perceptual intent (and treats 16-bit RGB as Display
 * P3), which moved saturated colours by thousands of 16-bit steps in our tests. keepIccProfile()
 * instead attaches an input's own profile untouched, so the pixels are handed to it as a PNG that
 * already carries the sRGB profile in an iCCP chunk.
 */
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';

let profile: Promise<Buffer> | undefined;

/** libvips' built-in sRGB profile, taken once from a 1-pixel image. */
export function srgbProfile(): Promise<Buffer> {
  profile ??= sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } })
    .withIccProfile('srgb').png().toBuffer()
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
