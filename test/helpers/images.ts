/** Test photos made by the tests themselves, so no test depends on files it did not write. */
import sharp from 'sharp';

/** A grey photo-like image: a lightness ramp with a bright disc and a dark bar (real edges). */
export function greyPixels(width: number, height: number): Uint8Array {
  const px = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const dx = x - width * 0.6,
        dy = y - height * 0.4;
      const inDisc = dx * dx + dy * dy < (Math.min(width, height) * 0.2) ** 2;
      const inBar = x > width * 0.1 && x < width * 0.25;
      px[y * width + x] = inDisc ? 230 : inBar ? 25 : Math.round(60 + (140 * x) / width);
    }
  }
  return px;
}

/**
 * A 64 px PNG of one colour with a seeded grain of ± `grain` on every channel, so that its grey has
 * texture to read (the training-script tests' toy photos).
 */
export async function writeGrainyPng(
  path: string,
  rgb: [number, number, number],
  seed: number,
  grain: number,
): Promise<void> {
  const px = Buffer.alloc(64 * 64 * 3);
  let s = seed;
  for (let i = 0; i < 64 * 64; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    const d = ((s >>> 16) % (2 * grain + 1)) - grain;
    for (let c = 0; c < 3; c++) px[i * 3 + c] = Math.max(0, Math.min(255, rgb[c] + d));
  }
  await sharp(px, { raw: { width: 64, height: 64, channels: 3 } })
    .png()
    .toFile(path);
}

export async function writeGreyJpeg(path: string, width = 160, height = 120): Promise<void> {
  await sharp(greyPixels(width, height), { raw: { width, height, channels: 1 } })
    .jpeg({ quality: 95 })
    .toFile(path);
}

export async function writeGreyPng16(path: string, width = 64, height = 48): Promise<Uint16Array> {
  const px = new Uint16Array(width * height);
  for (let i = 0; i < px.length; i++) px[i] = Math.round((i / (px.length - 1)) * 65535);
  await sharp(px, { raw: { width, height, channels: 1 } })
    .toColourspace('grey16')
    .png()
    .toFile(path);
  return px;
}

/** Reads any image back as interleaved samples at its own depth. */
export async function readSamples(path: string) {
  const meta = await sharp(path).metadata();
  const sixteen = meta.depth === 'ushort';
  // The file's own sRGB values, without a round trip through its embedded profile.
  const pipe = sharp(path, { ignoreIcc: true });
  const { data, info } = await (sixteen ? pipe.toColourspace('rgb16').raw({ depth: 'ushort' }) : pipe.raw()).toBuffer({
    resolveWithObject: true,
  });
  const samples = sixteen ? new Uint16Array(data.buffer, data.byteOffset, data.length / 2) : new Uint8Array(data);
  return { meta, info, samples };
}
