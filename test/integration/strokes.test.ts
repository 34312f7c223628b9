import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { Colorizer } from '../../src-main/engine/models/colorizer-model.js';
import { EditSession } from '../../src-main/engine/session/edit-session.js';
import { TINY_MODEL, tempDir } from '../helpers/paths.js';

// A dark disc (L ≈ 25) on a bright ground (L ≈ 80): the edge a stroke must stop at.
const W = 400,
  H = 300,
  CX = 140,
  CY = 150,
  R = 80;
const inDisc = (x: number, y: number) => (x - CX) ** 2 + (y - CY) ** 2 < R * R;
let session: EditSession;

beforeAll(async () => {
  const px = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) px[y * W + x] = inDisc(x, y) ? 60 : 200;
  const photo = join(tempDir(), 'disc.png');
  await sharp(px, { raw: { width: W, height: H, channels: 1 } })
    .png()
    .toFile(photo);
  session = await EditSession.open(photo, { colorizer: await Colorizer.load(TINY_MODEL) }, { previewSize: 400 });
});

function meanShift(before: (x: number, y: number) => [number, number], pick: (x: number, y: number) => boolean) {
  let sum = 0,
    n = 0;
  for (let y = 4; y < H - 4; y += 4)
    for (let x = 4; x < W - 4; x += 4) {
      if (!pick(x, y)) continue;
      const [a0, b0] = before(x, y),
        [a1, b1] = session.sampleColour(x, y);
      sum += Math.hypot(a1 - a0, b1 - b0);
      n++;
    }
  return sum / n;
}

describe('brush strokes', () => {
  it('fill their object and stop at its edge', () => {
    const base = session.document();
    const cache = new Map<string, [number, number]>();
    const before = (x: number, y: number) => {
      const k = `${x},${y}`;
      if (!cache.has(k)) cache.set(k, session.sampleColour(x, y));
      return cache.get(k)!;
    };
    for (let y = 4; y < H - 4; y += 4) for (let x = 4; x < W - 4; x += 4) before(x, y);
    const target: [number, number] = [50, 50];
    session.setDocument({
      ...base,
      strokes: [
        {
          id: 's1',
          points: [
            [120, 150],
            [160, 150],
          ],
          radius: 6,
          ab: target,
        },
      ],
    });
    // Under the brush: exactly the stroke's colour.
    expect(session.sampleColour(140, 150)).toEqual(target);
    // Inside the disc, away from the stroke (> 40 px): moved most of the way to the target.
    const inside = meanShift(before, (x, y) => inDisc(x, y) && Math.hypot(x - CX, y - CY) < R - 6);
    const outside = meanShift(before, (x, y) => !inDisc(x, y) && Math.hypot(x - CX, y - CY) > R + 6);
    expect(inside).toBeGreaterThan(25);
    // Bleed across the edge, in ab units averaged over the ground.
    expect(outside).toBeLessThan(3);
    session.setDocument(base);
  });

  it('an eraser removes the hint under it', () => {
    const base = session.document();
    const plain = session.sampleColour(140, 150);
    session.setDocument({
      ...base,
      strokes: [
        { id: 's1', points: [[140, 150]], radius: 5, ab: [50, 50] },
        { id: 'e1', points: [[140, 150]], radius: 10, ab: null },
      ],
    });
    const [a, b] = session.sampleColour(140, 150);
    expect(Math.hypot(a - plain[0], b - plain[1])).toBeLessThan(1);
    session.setDocument(base);
  });
});
