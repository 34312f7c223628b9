/**
 * A film through the api the editor uses (the engine worker, as the UI calls it): open gives the
 * first frame in colour, frames play on and seek, a region click and a custom colour hold later
 * in the shot and not in the next one, undo is a setDocument, the project keeps the hints with
 * their frame and the shots, an export writes a range with its audio, and a cancelled export
 * leaves no file.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rgbToLab } from '../../src-main/engine/colour/lab.js';
import { CancelledError } from '../../src-main/engine/errors.js';
import { EngineWorker } from '../../src-main/engine/worker/client.js';
import { readProject } from '../../src-main/engine/worker/project.js';
import type { SessionInfo } from '../../src-main/engine/worker/protocol.js';
import { DEFAULT_SEGMENTER } from '../../src-main/engine/version.js';
import { TINY_MODEL, tempDir } from '../helpers/paths.js';
import { ffmpeg, makeTwoShots, probe } from '../helpers/clips.js';

const dir = tempDir('tinct-video-api-');
const clip = join(dir, 'two.mp4');
let engine: EngineWorker;
let info: SessionInfo;
const centre = 48 * 128 + 64;
let regionDoc: SessionInfo['document'] | null = null;

function aAt(px: Uint8ClampedArray, i: number): number {
  return rgbToLab(px[4 * i] / 255, px[4 * i + 1] / 255, px[4 * i + 2] / 255)[1];
}

beforeAll(async () => {
  makeTwoShots(join(dir, 'silent.mp4'), 8, 8);
  // The same two shots with a tone: the export must carry the audio.
  ffmpeg([
    '-i',
    join(dir, 'silent.mp4'),
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440:duration=2',
    '-c:v',
    'copy',
    '-c:a',
    'aac',
    '-shortest',
    clip,
  ]);
  engine = new EngineWorker({
    model: TINY_MODEL,
    // The shipped segmenter, as the VideoSession test uses (the tiny one's regions are too coarse here).
    segmenter: DEFAULT_SEGMENTER,
    stateDir: join(dir, 'state'),
    autosaveDelay: 50,
  });
  await engine.ready;
  info = await engine.call('open', { path: clip });
}, 60_000);
afterAll(() => engine.close());

describe('a film in the editor api', () => {
  it('opens with its first frame in colour, scans its shots, plays on and seeks', async () => {
    expect(info.video).toMatchObject({ frames: 16, fps: 12, shots: [0], shotsKnown: false });
    expect([info.width, info.height, info.previewWidth, info.regions]).toEqual([128, 96, 128, true]);
    const first = await engine.call('render', { session: info.session, which: 'colour' });
    expect(first.rgba.length).toBe(128 * 96 * 4);
    expect(await engine.call('videoShots', { session: info.session })).toEqual([0, 8]);
    const f1 = await engine.call('videoFrame', { session: info.session, frame: 1, playing: true });
    expect([f1.index, f1.shot]).toEqual([1, 0]);
    // Played on: the frame read ahead is frame 2, and a seek after it drops it.
    expect((await engine.call('videoFrame', { session: info.session, frame: 2, playing: true })).index).toBe(2);
    const f12 = await engine.call('videoFrame', { session: info.session, frame: 12 });
    expect([f12.index, f12.shot]).toEqual([12, 1]);
    // Reading ahead changes when a frame is decoded, not its colour.
    const play = async (playing: boolean) => {
      await engine.call('videoFrame', { session: info.session, frame: 0, playing });
      for (const frame of [1, 2]) await engine.call('videoFrame', { session: info.session, frame, playing });
      return (await engine.call('videoFrame', { session: info.session, frame: 3, playing })).rgba;
    };
    expect(Buffer.from(await play(true)).equals(Buffer.from(await play(false)))).toBe(true);
    await expect(engine.call('videoFrame', { session: info.session, frame: 16 })).rejects.toThrow(/has no frame 16/);
  });

  it('a custom colour on a frame holds later in its shot, not in the other; undo takes it back', async () => {
    await engine.call('videoFrame', { session: info.session, frame: 10 });
    const { region } = await engine.call('regionAt', { session: info.session, x: 64, y: 48 });
    expect(region).not.toBeNull();
    const before = info.document;
    const chosen = await engine.call('chooseRegion', {
      session: info.session,
      point: [64, 48],
      level: 0.5,
      ab: [70, 50],
    });
    expect(chosen.document.regions).toMatchObject([{ frame: 10, ab: [70, 50] }]);
    expect(aAt(chosen.rgba, centre)).toBeGreaterThan(25);
    await engine.call('planHints', { session: info.session });
    expect(aAt((await engine.call('videoFrame', { session: info.session, frame: 14 })).rgba, centre)).toBeGreaterThan(
      25,
    );
    expect(aAt((await engine.call('videoFrame', { session: info.session, frame: 3 })).rgba, centre)).toBeLessThan(20);
    // Undo is the document before, on whatever frame is shown.
    await engine.call('videoFrame', { session: info.session, frame: 13 });
    const undone = await engine.call('setDocument', { session: info.session, document: before });
    expect(aAt(undone.rgba, centre)).toBeLessThan(20);
    await engine.call('setDocument', { session: info.session, document: chosen.document });
    regionDoc = chosen.document;
  });

  it('a brush stroke on a frame carries its frame and holds later in its shot', async () => {
    await engine.call('videoFrame', { session: info.session, frame: 9 });
    const doc = info.document;
    const stroke = {
      id: 'v1',
      points: [
        [58, 48],
        [70, 48],
      ] as [number, number][],
      radius: 8,
      ab: [70, 50] as [number, number],
      frame: 9,
    };
    const shown = await engine.call('setDocument', {
      session: info.session,
      document: { ...doc, regions: [], strokes: [stroke] },
    });
    expect(aAt(shown.rgba, centre)).toBeGreaterThan(25);
    await engine.call('planHints', { session: info.session });
    expect(aAt((await engine.call('videoFrame', { session: info.session, frame: 13 })).rgba, centre)).toBeGreaterThan(
      25,
    );
    expect(aAt((await engine.call('videoFrame', { session: info.session, frame: 4 })).rgba, centre)).toBeLessThan(20);
    // Back to the region choice for the project below.
    await engine.call('setDocument', { session: info.session, document: regionDoc! });
  });

  it('saves a project with the hints, their frame and the shots, and reopens it', async () => {
    const path = join(dir, 'film.tinct');
    await engine.call('saveProject', { session: info.session, path });
    const project = await readProject(path);
    expect(project).toMatchObject({ kind: 'video', shots: [0, 8], source: clip });
    expect(project.document.regions[0].frame).toBe(10);
    const again = await engine.call('openProject', { path });
    expect(again.video).toMatchObject({ shots: [0, 8], shotsKnown: true });
    expect(again.document.regions).toEqual(project.document.regions);
    const f12 = await engine.call('videoFrame', { session: again.session, frame: 12 });
    expect(aAt(f12.rgba, centre)).toBeGreaterThan(25);
    await engine.call('close', { session: again.session });
    await expect(engine.call('videoFrame', { session: again.session, frame: 13 })).rejects.toThrow(/no longer open/);
  });

  it('exports a range as MP4 with the audio, refuses a bad target, and a cancel leaves no file', async () => {
    const out = join(dir, 'out.mp4');
    const seen: number[] = [];
    const r = await engine.call(
      'exportVideo',
      { session: info.session, path: out, kind: 'h264', crf: 20, from: 4, to: 11 },
      { onProgress: (p) => seen.push(p.fraction) },
    );
    expect(r.frames).toBe(8);
    expect(seen.at(-1)).toBe(1);
    const streams = probe(out).streams;
    expect(streams.find((s) => s.codec_type === 'video')).toMatchObject({ nb_read_frames: '8', r_frame_rate: '12/1' });
    expect(streams.some((s) => s.codec_type === 'audio')).toBe(true);

    await expect(
      engine.call('exportVideo', { session: info.session, path: join(dir, 'x.mp4'), kind: 'ffv1' }),
    ).rejects.toThrow(/x\.mp4: lossless \(FFV1\) video is written as \.mkv/);

    const abort = new AbortController();
    const job = engine.call(
      'exportVideo',
      { session: info.session, path: join(dir, 'cut.mkv'), kind: 'ffv1' },
      {
        signal: abort.signal,
        onProgress: (p) => {
          if (p.fraction > 0.2) abort.abort();
        },
      },
    );
    await expect(job).rejects.toBeInstanceOf(CancelledError);
    expect(readdirSync(dir).filter((n) => n.includes('cut'))).toEqual([]);
  }, 60_000);
});
