/**
 * The editor's video session on a real film clip made of two shots: frames come in colour, a
 * seek works, a region colour chosen on a frame holds later in its shot and not in the other,
 * and the export writes what the preview showed.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Colorizer } from '../../src-main/engine/models/colorizer-model.js';
import { loadSegmentFunction } from '../../src-main/engine/segmentation/segment-function.js';
import { VideoSession } from '../../src-main/engine/video/video-session.js';
import { rgbToLab } from '../../src-main/engine/colour/lab.js';
import { TINY_MODEL, tempDir } from '../helpers/paths.js';
import { decodeRgb, makeTwoShots, tools } from '../helpers/clips.js';

const dir = tempDir('tinct-vsession-');
const clip = join(dir, 'two.mp4');
let session: VideoSession;

/** a* of an RGBA (preview) or RGB (decoded) pixel. */
function aAt(px: Uint8Array | Uint8ClampedArray, i: number, channels: number): number {
  const j = channels * i;
  return rgbToLab(px[j] / 255, px[j + 1] / 255, px[j + 2] / 255)[1];
}

beforeAll(async () => {
  makeTwoShots(clip, 8, 8);
  const colorizer = await Colorizer.load(TINY_MODEL);
  session = await VideoSession.open(clip, { colorizer, segment: await loadSegmentFunction() }, tools);
});

describe('VideoSession', () => {
  it('finds the shots and colours frames in order and after a seek', async () => {
    expect(await session.scanShots()).toEqual([0, 8]);
    const f0 = await session.frame(0);
    expect([f0.width, f0.height, f0.index, f0.shot]).toEqual([128, 96, 0, 0]);
    expect((await session.frame(1)).index).toBe(1);
    const f12 = await session.frame(12);
    expect([f12.index, f12.shot]).toEqual([12, 1]);
  });

  it('a region colour chosen on a frame holds in its shot, not in the other, and in the export', async () => {
    await session.frame(10);
    const doc = session.withRegionChoice({ point: [64, 48], level: 0.5, ab: [70, 50] });
    expect(doc.regions[0].frame).toBe(10);
    const shown = await session.setDocument(doc);
    const centre = 48 * 128 + 64;
    expect(aAt(shown!.rgba, centre, 4)).toBeGreaterThan(25);
    await session.planHints();
    expect(aAt((await session.frame(14)).rgba, centre, 4)).toBeGreaterThan(25);
    expect(aAt((await session.frame(3)).rgba, centre, 4)).toBeLessThan(20);

    const out = join(dir, 'out.mp4');
    const r = await session.export(out, { kind: 'h264', crf: 12 }, null);
    expect(r.frames).toBe(16);
    const { frames } = decodeRgb(out);
    expect(aAt(frames[14], centre, 3)).toBeGreaterThan(25);
    expect(aAt(frames[3], centre, 3)).toBeLessThan(20);
  });

  it('refuses a frame outside the clip with one line', async () => {
    await expect(session.frame(99)).rejects.toThrow(/two\.mp4: has no frame 99 \(0\.\.15\)/);
  });
});
