/**
 * A film in the editor, end to end in the browser shell: open a two-shot clip made by the test
 * (with a tone), see its first frame in colour and its shot cut on the timeline, play and pause
 * (K, space on the canvas), seek (scrubber, ←), click a region on a frame and give it a colour,
 * see it hold frames later in the same shot and not in the other shot, undo and redo, save the
 * project and reopen it, export an MP4 and check its frames, rate and audio. A real film from
 * ../shared/videos is opened too when it is there (skipped cleanly otherwise), for a screenshot.
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRenderer } from '../../scripts/ensure-renderer.mjs';
import { rgbToLab } from '../../src-main/engine/colour/lab.js';
import { ROOT, tempDir } from '../helpers/paths.js';
import { ffmpeg, makeTwoShots, probe } from '../helpers/clips.js';
import { ARTEFACTS, launchChromium, startShell, type Shell } from './shell.js';

const SHARED_FILM = join(ROOT, '..', 'shared', 'videos', 'dev05_sam2_football_grass_trees.mp4');
const W = 320,
  H = 240;
let shell: Shell;
let browser: Browser;
let page: Page;
const out = tempDir('tinct-e2e-video-');
const clip = join(out, 'two shots.mp4');

interface Film {
  frame: number;
  busy: boolean;
  playing: boolean;
  planning: boolean;
  shots: number[];
  shotsKnown: boolean;
  rate: number | null;
}
const film = (p: Page) =>
  p.evaluate(() => {
    const v = (window.tinctEditor as unknown as { video: Film | null }).video!;
    return { frame: v.frame, busy: v.busy, playing: v.playing, shots: v.shots, shotsKnown: v.shotsKnown };
  });

/** Waits until frame n is shown and nothing is on its way (frames, edits, the hint plan, jobs). */
async function waitForFrame(p: Page, n: number): Promise<void> {
  await p.waitForFunction(
    (n) => {
      const e = window.tinctEditor!;
      const v = (e as unknown as { video: Film | null }).video;
      return !!v && v.frame === n && !v.busy && !v.planning && !e.job && !e.updating;
    },
    n,
    { timeout: 60_000 },
  );
}

async function seek(p: Page, n: number): Promise<void> {
  await p.getByTestId('scrubber').fill(String(n));
  await waitForFrame(p, n);
}

/** a* (CIE Lab) of the preview around the photo point (x, y): the mean of a 5×5 patch. */
function aAt(p: Page, x: number, y: number): Promise<number> {
  return p
    .evaluate(
      ([x, y]) => {
        const c = window.tinctEditor!.colour!;
        const sx = Math.round((x * c.width) / window.tinctEditor!.info!.width),
          sy = Math.round((y * c.height) / window.tinctEditor!.info!.height);
        return Array.from(c.getContext('2d')!.getImageData(sx - 2, sy - 2, 5, 5).data);
      },
      [x, y],
    )
    .then((d) => {
      let a = 0;
      for (let i = 0; i < d.length; i += 4) a += rgbToLab(d[i] / 255, d[i + 1] / 255, d[i + 2] / 255)[1];
      return a / (d.length / 4);
    });
}

/** Clicks the canvas at the photo point (x, y) of a fitted view. */
async function clickPhoto(p: Page, x: number, y: number): Promise<void> {
  const box = (await p.getByTestId('canvas').boundingBox())!;
  const s = Math.min(box.width / W, box.height / H) * 0.96;
  const ox = box.x + (box.width - W * s) / 2,
    oy = box.y + (box.height - H * s) / 2;
  await p.mouse.click(ox + x * s, oy + y * s);
}

beforeAll(async () => {
  ensureRenderer({ quiet: true });
  mkdirSync(ARTEFACTS, { recursive: true });
  makeTwoShots(join(out, 'silent.mp4'), 12, 12, W, H);
  ffmpeg([
    '-i',
    join(out, 'silent.mp4'),
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440:duration=3',
    '-c:v',
    'copy',
    '-c:a',
    'aac',
    '-shortest',
    clip,
  ]);
  [shell, browser] = await Promise.all([startShell(), launchChromium()]);
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (err) => console.error('page error:', err.message));
});

afterAll(async () => {
  await browser?.close();
  await shell?.stop();
});

describe('a film in the editor', () => {
  // The centre of the second shot's picture, and the colour before any edit at frames 5 and 20.
  const [cx, cy] = [W / 2, H / 2];
  const before: Record<number, number> = {};

  it('opens a film by its path: the first frame in colour, the shot cut on the timeline', async () => {
    await page.goto(shell.url);
    await page.getByTestId('open-path').fill(clip);
    await page.getByTestId('open-path-go').click();
    await waitForFrame(page, 0);
    const info = await page.evaluate(() => window.tinctEditor!.info!);
    expect(info).toMatchObject({ name: 'two shots.mp4', width: W, height: H, video: { frames: 24, fps: 12 } });
    await page.waitForFunction(() => (window.tinctEditor as unknown as { video: Film }).video.shotsKnown, undefined, {
      timeout: 60_000,
    });
    expect((await film(page)).shots).toEqual([0, 12]);
    expect(await page.getByTestId('clock').innerText()).toMatch(/frame 0 \/ 23 · 0:00\.00 · shot 1\/2/);
    await page.screenshot({ path: join(ARTEFACTS, 'video-01-opened.png') });
  });

  it('plays and pauses with K and with space on the canvas, saying how fast it plays', async () => {
    // The longest main-thread block while the film plays (the engine works in its worker).
    await page.evaluate(() => {
      const w = window as unknown as { longest: number };
      w.longest = 0;
      new PerformanceObserver((l) => {
        for (const e of l.getEntries()) w.longest = Math.max(w.longest, e.duration);
      }).observe({ type: 'longtask', buffered: false });
    });
    await page.keyboard.press('k');
    await page.waitForFunction(() => (window.tinctEditor as unknown as { video: Film }).video.frame >= 4, undefined, {
      timeout: 60_000,
    });
    expect(await page.getByTestId('play-rate').innerText()).toMatch(/^playing at [\d.]+ fps of 12$/);
    await page.keyboard.press('k');
    await page.waitForFunction(() => !(window.tinctEditor as unknown as { video: Film }).video.playing);
    const stopped = (await film(page)).frame;
    expect(stopped).toBeGreaterThanOrEqual(4);
    await page.getByTestId('canvas').focus();
    await page.keyboard.press(' ');
    await page.waitForFunction((f) => (window.tinctEditor as unknown as { video: Film }).video.frame > f, stopped, {
      timeout: 60_000,
    });
    await page.keyboard.press(' ');
    await page.waitForFunction(() => !(window.tinctEditor as unknown as { video: Film }).video.busy);
    expect((await film(page)).playing).toBe(false);
    const longest = await page.evaluate(() => (window as unknown as { longest: number }).longest);
    console.log(`longest main-thread task while playing: ${Math.round(longest)} ms (0: none over 50 ms)`);
    expect(longest).toBeLessThan(200);
  });

  it('seeks with the scrubber and steps with ←', async () => {
    await seek(page, 21);
    before[20] = 0;
    await page.keyboard.press('ArrowLeft');
    await waitForFrame(page, 20);
    before[20] = await aAt(page, cx, cy);
    await seek(page, 5);
    before[5] = await aAt(page, cx, cy);
    expect(await page.getByTestId('clock').innerText()).toMatch(/frame 5 \/ 23 · 0:00\.05 · shot 1\/2/);
  });

  it('a colour given to a region on a frame holds later in its shot, not in the other shot', async () => {
    await seek(page, 14);
    await clickPhoto(page, cx, cy);
    await page.getByTestId('region-colour').waitFor();
    await page.getByTestId('region-colour').fill('#e02020');
    await waitForFrame(page, 14);
    const hints = await page.getByTestId('hints').innerText();
    expect(hints).toContain('Shot 2, frame 14');
    expect(await aAt(page, cx, cy)).toBeGreaterThan(25);
    await seek(page, 20);
    expect((await aAt(page, cx, cy)) - before[20]).toBeGreaterThan(10);
    await page.screenshot({ path: join(ARTEFACTS, 'video-02-edited.png') });
    await seek(page, 5);
    expect(Math.abs((await aAt(page, cx, cy)) - before[5])).toBeLessThan(3);
  });

  it('undoes and redoes the edit', async () => {
    await seek(page, 20);
    await page.getByTestId('undo').click();
    await waitForFrame(page, 20);
    expect(Math.abs((await aAt(page, cx, cy)) - before[20])).toBeLessThan(3);
    await page.getByTestId('redo').click();
    await waitForFrame(page, 20);
    expect((await aAt(page, cx, cy)) - before[20]).toBeGreaterThan(10);
  });

  it('saves the project and reopens it with the hint, its frame and the shots', async () => {
    const project = join(out, 'film project.tinct');
    await page.getByTestId('save').click();
    await page.getByTestId('path-input').fill(project);
    await page.getByTestId('path-ok').click();
    await page.waitForFunction(() => window.tinctEditor!.info!.project !== null && !window.tinctEditor!.job);
    const regions = await page.evaluate(() => window.tinctEditor!.doc!.regions);
    expect(regions).toMatchObject([{ frame: 14 }]);

    await page.goto(shell.url);
    await page.getByTestId('open-path').fill(project);
    await page.getByTestId('open-path-go').click();
    await waitForFrame(page, 0);
    expect(await page.evaluate(() => window.tinctEditor!.doc!.regions)).toEqual(regions);
    expect(await film(page)).toMatchObject({ shots: [0, 12], shotsKnown: true });
    await seek(page, 20);
    expect((await aAt(page, cx, cy)) - before[20]).toBeGreaterThan(10);
  });

  it('exports an MP4 of the whole film with its audio', async () => {
    const file = join(out, 'two shots-colour.mp4');
    await page.getByTestId('export').click();
    await page.getByTestId('export-video-kind').selectOption('h264');
    await page.getByTestId('export-crf').fill('20');
    await page.getByTestId('export-path').fill(file);
    await page.getByTestId('export-go').click();
    await page.waitForFunction(() => !window.tinctEditor!.exportOpen && !window.tinctEditor!.job, undefined, {
      timeout: 120_000,
    });
    expect(await page.evaluate(() => window.tinctEditor!.error)).toBeNull();
    const { streams } = probe(file);
    expect(streams.find((s) => s.codec_type === 'video')).toMatchObject({
      codec_name: 'h264',
      width: W,
      height: H,
      r_frame_rate: '12/1',
      nb_read_frames: '24',
    });
    expect(streams.find((s) => s.codec_type === 'audio')).toMatchObject({ codec_name: 'aac' });
    await page.screenshot({ path: join(ARTEFACTS, 'video-03-exported.png') });
  });

  it('shows the export progress with frames/s and time left, and a cancel leaves no file', async () => {
    const file = join(out, 'archive.mkv');
    await page.getByTestId('export').click();
    await page.getByTestId('export-video-kind').selectOption('ffv1');
    expect(await page.getByTestId('export-path').inputValue()).toMatch(/\.mkv$/);
    await page.getByTestId('export-path').fill(file);
    await page.getByTestId('export-go').click();
    await page.waitForFunction(
      () =>
        /^frame \d+ of 24 · [\d.]+ frames\/s · about \d+ (s|min) left$/.test(
          (window.tinctEditor!.job as { stage?: string } | null)?.stage ?? '',
        ),
      undefined,
      { timeout: 60_000 },
    );
    await page.screenshot({ path: join(ARTEFACTS, 'video-04-export-progress.png') });
    await page.getByTestId('cancel').click();
    await page.waitForFunction(() => !window.tinctEditor!.job, undefined, { timeout: 30_000 });
    expect(await page.evaluate(() => window.tinctEditor!.error)).toBeNull();
    expect(readdirSync(out).filter((n) => n.includes('archive'))).toEqual([]);
    await page.keyboard.press('Escape');
  });

  it('opens a film uploaded from the browser', async () => {
    await page.goto(shell.url);
    await page.getByTestId('file-input').setInputFiles(clip);
    await waitForFrame(page, 0);
    expect(await page.evaluate(() => window.tinctEditor!.info!)).toMatchObject({
      name: 'two shots.mp4',
      uploaded: true,
      video: { frames: 24 },
    });
  });

  it('opens a real film from ../shared and selects a region (skipped without ../shared)', async (ctx) => {
    if (!existsSync(SHARED_FILM)) {
      console.warn(`skipped: ${SHARED_FILM} is absent`);
      return ctx.skip();
    }
    await page.goto(shell.url);
    await page.getByTestId('open-path').fill(SHARED_FILM);
    await page.getByTestId('open-path-go').click();
    await waitForFrame(page, 0);
    await page.waitForFunction(() => (window.tinctEditor as unknown as { video: Film }).video.shotsKnown, undefined, {
      timeout: 120_000,
    });
    const info = await page.evaluate(() => window.tinctEditor!.info!);
    await seek(page, Math.min(30, info.video!.frames - 1));
    const box = (await page.getByTestId('canvas').boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.7);
    await page.getByTestId('swatches').waitFor();
    // The shirt: a colour from the palette, then a few frames on in the same shot.
    await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.4);
    await page.getByTestId('swatches').waitFor();
    await page.getByTestId('palette-colour').nth(8).click();
    await waitForFrame(page, Math.min(30, info.video!.frames - 1));
    await seek(page, Math.min(60, info.video!.frames - 1));
    expect(await page.getByTestId('hints').innerText()).toContain('Shot 1, frame 30');
    await page.keyboard.press('Escape');
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(ARTEFACTS, 'video-05-shared-film.png') });
  });
});
