/**
 * A seek (the editor's scrubber, a range export) starts at the frame asked for, also far into a
 * film, where ffmpeg's input seek counts the timestamps from the seek point.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFrames } from '../../src-main/engine/video/frame-reader.js';
import { probeVideo } from '../../src-main/engine/video/probe.js';
import { tempDir } from '../helpers/paths.js';
import { makeClip, tools } from '../helpers/clips.js';

async function collect(it: AsyncIterable<Uint8Array>, max = Infinity): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const f of it) {
    out.push(f.slice());
    if (out.length >= max) break;
  }
  return out;
}

const meanDiff = (a: Uint8Array, b: Uint8Array) => {
  let d = 0;
  for (let i = 0; i < a.length; i++) d += Math.abs(a[i] - b[i]);
  return d / a.length;
};

describe('frame reader seeks', () => {
  it('the first frame after a seek is the frame asked for, near the start and 4 s in', async () => {
    const clip = join(tempDir('tinct-seek-'), 'long.mp4');
    // testsrc2 moves every frame (and counts them), so a frame off by one differs.
    makeClip(clip, { width: 96, height: 64, rate: 12, frames: 72 });
    const info = await probeVideo(clip, tools);
    const all = await collect(readFrames(info, tools));
    expect(all.length).toBe(72);
    for (const start of [5, 30, 50, 71]) {
      const [first, ...rest] = await collect(readFrames(info, tools, { startFrame: start }));
      expect(rest.length, `frames after a seek to ${start}`).toBe(71 - start);
      expect(meanDiff(first, all[start]), `seek to ${start}`).toBeLessThan(1);
      expect(meanDiff(first, all[start - 1]), `seek to ${start}, not the frame before`).toBeGreaterThan(1);
    }
  });
});
