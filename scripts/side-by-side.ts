/** Two equally sized images side by side with a white gap: the before/after figures of docs/. */
import sharp from 'sharp';

export async function sideBySide(
  left: Buffer | string,
  right: Buffer | string,
  w: number,
  h: number,
  out: string,
): Promise<void> {
  const gap = 12;
  await sharp({ create: { width: 2 * w + gap, height: h, channels: 3, background: '#ffffff' } })
    .composite([
      { input: left, left: 0, top: 0 },
      { input: right, left: w + gap, top: 0 },
    ])
    .png({ compressionLevel: 9 })
    .toFile(out);
}
