/**
 * The image loader over mutated JPEG, PNG and TIFF bytes (fast-check): flipped bytes, cut files,
 * inserted junk. Zero crashes: every input either loads or fails with a TinctError of one line.
 */
import fc from 'fast-check';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { TinctError } from '../../src-main/engine/errors.js';
import { loadImage } from '../../src-main/engine/image/read-image.js';
import { greyPixels } from '../helpers/images.js';

const RUNS = 500; // per format: each run decodes a small image

describe('fuzzing the image loader', () => {
  for (const fmt of ['jpeg', 'png', 'tiff'] as const) {
    it(`${RUNS} mutated ${fmt.toUpperCase()} files: no crash`, async () => {
      const seed = await sharp(greyPixels(48, 32), { raw: { width: 48, height: 32, channels: 1 } })
        [fmt]()
        .toBuffer();
      const mutation = fc.oneof(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 20 }).map((flips) => {
          const b = Buffer.from(seed);
          for (const [at, v] of flips) b[at % b.length] = v;
          return b;
        }),
        fc.nat().map((cut) => seed.subarray(0, cut % seed.length)),
        fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 64 })).map(([at, junk]) => {
          const i = at % seed.length;
          return Buffer.concat([seed.subarray(0, i), Buffer.from(junk), seed.subarray(i)]);
        }),
      );
      let loaded = 0,
        refused = 0;
      for (const data of fc.sample(mutation, RUNS)) {
        try {
          await loadImage({ name: `fuzz.${fmt}`, data });
          loaded++;
        } catch (err) {
          expect(err).toBeInstanceOf(TinctError);
          expect((err as Error).message.split('\n')).toHaveLength(1);
          refused++;
        }
      }
      expect(loaded + refused).toBe(RUNS);
    }, 120_000);
  }
});
