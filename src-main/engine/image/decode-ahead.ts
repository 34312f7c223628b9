/**
 * A batch's next photo decoded while the current one is encoded: sharp decodes on a libuv thread,
 * so the decode of photo n+1 and the encode of photo n share the two cores instead of taking
 * turns. One photo ahead at most; an error is kept for the photo's own turn, where it is reported.
 */
import { loadImage, type GreyImage, type ImageSource, type LoadOptions } from './read-image.js';

let ahead: { key: string; image: Promise<GreyImage> } | null = null;

const keyOf = (path: string, opts: LoadOptions) => `${opts.pixelLimit ?? ''}|${path}`;

/** Starts decoding `path` for a later loadImageOrAhead of the same path and options. */
export function decodeAhead(path: string, opts: LoadOptions = {}): void {
  const image = loadImage(path, opts);
  // Not unhandled while it waits: the same promise rejects again when its photo takes it.
  image.catch(() => undefined);
  ahead = { key: keyOf(path, { pixelLimit: opts.pixelLimit }), image };
}

/** The photo decoded ahead if it is this one, else a fresh decode. */
export function loadImageOrAhead(source: ImageSource, opts: LoadOptions = {}): Promise<GreyImage> {
  if (typeof source === 'string' && ahead?.key === keyOf(source, { pixelLimit: opts.pixelLimit })) {
    const { image } = ahead;
    ahead = null;
    return image;
  }
  return loadImage(source, opts);
}
