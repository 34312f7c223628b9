/**
 * Issue 17: the gamut picker in the browser shell, on the sample photo (the cameraman: a dark
 * coat, L ≈ 10, and bright grass, L ≈ 60). The picker appears for a selected region at its
 * lightness, shows only the colours that exist there (a dark yellow does not exist: blank on the
 * coat, drawn on the grass), a click colours the region (read back from the preview), and in
 * brush mode it sets the brush colour. Skips with a message when the engine has no segmenter.
 * (A flat synthetic photo of two halves is one region to the segmenter: no edge it knows.)
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRenderer } from '../../scripts/ensure-renderer.mjs';
import { rgbToLab } from '../../src-main/engine/colour/lab.js';
import { previewVersion, waitForNewPreview } from './page.js';
import { ARTEFACTS, SAMPLE, launchChromium, startShell, type Shell } from './shell.js';

/** Photo pixels (512 × 512) on the cameraman's coat and on the grass. */
const COAT: [number, number] = [160, 224],
  GRASS: [number, number] = [416, 352];
let shell: Shell;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  ensureRenderer({ quiet: true });
  [shell, browser] = await Promise.all([startShell(), launchChromium()]);
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (err) => console.error('page error:', err.message));
  await page.goto(shell.url);
  await page.getByTestId('file-input').setInputFiles(SAMPLE);
  await waitForNewPreview(page, 0);
});

afterAll(async () => {
  await browser?.close();
  await shell?.stop();
});

/** Selects the region under photo pixel (x, y) and waits for the panel to show it. */
async function select([x, y]: [number, number]): Promise<void> {
  await page.keyboard.press('Escape');
  const box = (await page.getByTestId('canvas').boundingBox())!;
  const info = await page.evaluate(() => window.tinctEditor!.info!);
  // The photo is fitted into the canvas, centred.
  const scale = Math.min(box.width / info.width, box.height / info.height);
  const ox = box.x + (box.width - info.width * scale) / 2,
    oy = box.y + (box.height - info.height * scale) / 2;
  await page.mouse.click(ox + x * scale, oy + y * scale);
  await page.waitForFunction(() => window.tinctEditor!.selected !== null);
}

/** The picker canvas pixel for ab: the same geometry as GamutPicker.svelte (from its data attributes). */
async function pickerPoint(testid: string, ab: [number, number]) {
  const canvas = page.getByTestId(testid);
  await canvas.scrollIntoViewIfNeeded();
  const range = Number(await canvas.getAttribute('data-ab-range'));
  const size = await canvas.evaluate((c) => (c as HTMLCanvasElement).width);
  const box = (await canvas.boundingBox())!;
  const x = ((ab[0] + range) / (2 * range)) * size,
    y = ((range - ab[1]) / (2 * range)) * size;
  return { canvas, size, x, y, pageX: box.x + (x / size) * box.width, pageY: box.y + (y / size) * box.height };
}

/** Alpha of the picker at ab: 0 where the colour does not exist at the picker's lightness. */
async function alphaAt(testid: string, ab: [number, number]): Promise<number> {
  const p = await pickerPoint(testid, ab);
  return p.canvas.evaluate(
    (c, [x, y]) => (c as HTMLCanvasElement).getContext('2d')!.getImageData(x, y, 1, 1).data[3],
    [Math.floor(p.x), Math.floor(p.y)],
  );
}

describe('the gamut picker', () => {
  const title =
    'appears for a selected region, at its lightness, with only the colours that exist there; a click colours it';
  it(title, async (ctx) => {
    if (!(await page.evaluate(() => window.tinctEditor!.info!.regions))) {
      console.warn('skipped: no segmentation model loaded (no regions to select)');
      ctx.skip();
    }
    const darkYellow: [number, number] = [0, 50];
    await select(COAT);
    const picker = page.getByTestId('gamut-picker');
    await picker.waitFor();
    expect(Number(await picker.getAttribute('data-lightness'))).toBeLessThan(25);
    expect(await alphaAt('gamut-picker', darkYellow)).toBe(0);
    // The network's alternatives are marked on it.
    expect(await page.getByTestId('gamut-mark').count()).toBe(await page.getByTestId('swatch').count());

    await select(GRASS);
    await expect.poll(async () => Number(await picker.getAttribute('data-lightness'))).toBeGreaterThan(50);
    expect(await alphaAt('gamut-picker', darkYellow)).toBe(255);

    // Back on the coat: a click on a dark brown that exists at its lightness colours it.
    await select(COAT);
    await expect.poll(async () => Number(await picker.getAttribute('data-lightness'))).toBeLessThan(25);
    const brick: [number, number] = [20, 10];
    expect(await alphaAt('gamut-picker', brick)).toBe(255);
    const v = await previewVersion(page);
    const p = await pickerPoint('gamut-picker', brick);
    await page.mouse.click(p.pageX, p.pageY);
    await waitForNewPreview(page, v);
    const chosen = await page.evaluate(() => window.tinctEditor!.doc!.regions.at(-1)!.ab!);
    expect(Math.hypot(chosen[0] - brick[0], chosen[1] - brick[1])).toBeLessThan(2);
    // The preview on the coat shows it: 8-bit sRGB back to Lab, over the pixels around the click
    // inside the selected region (its outline) that are not nearly black (at L < 8 eight bits
    // hold little chroma).
    const patch = await page.evaluate(([x0, y0]) => {
      const e = window.tinctEditor!;
      const c = e.colour!;
      const sx = c.width / e.info!.width,
        sy = c.height / e.info!.height;
      const region = new Path2D();
      for (const line of e.selected!.outline) {
        line.forEach(([x, y], k) => (k ? region.lineTo(x * sx, y * sy) : region.moveTo(x * sx, y * sy)));
        region.closePath();
      }
      const ctx = c.getContext('2d')!;
      const out: number[] = [];
      for (let y = Math.floor(y0 * sy) - 32; y < Math.floor(y0 * sy) + 32; y++)
        for (let x = Math.floor(x0 * sx) - 32; x < Math.floor(x0 * sx) + 32; x++)
          if (ctx.isPointInPath(region, x + 0.5, y + 0.5, 'evenodd')) out.push(...ctx.getImageData(x, y, 1, 1).data);
      return out;
    }, COAT);
    let sa = 0,
      sb = 0,
      n = 0;
    for (let i = 0; i < patch.length; i += 4) {
      const [L, a, b] = rgbToLab(patch[i] / 255, patch[i + 1] / 255, patch[i + 2] / 255);
      if (L < 8) continue;
      sa += a;
      sb += b;
      n++;
    }
    expect(n).toBeGreaterThan(50);
    expect(Math.hypot(sa / n - chosen[0], sb / n - chosen[1])).toBeLessThan(4);
    mkdirSync(ARTEFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTEFACTS, 'gamut-picker.png') });
  });

  it('sets the brush colour in brush mode, at the lightness it is set to', async () => {
    await page.keyboard.press('Escape');
    // No selection, no region picker.
    await page.getByTestId('gamut-picker').waitFor({ state: 'detached' });
    await page.keyboard.press('b');
    const picker = page.getByTestId('brush-gamut-picker');
    await picker.waitFor();
    const teal: [number, number] = [-20, -20];
    // At the default lightness (60) a teal exists; drawn there, it is what a click gives the brush.
    expect(await alphaAt('brush-gamut-picker', teal)).toBe(255);
    const p = await pickerPoint('brush-gamut-picker', teal);
    await page.mouse.click(p.pageX, p.pageY);
    const ab = await page.evaluate(() => window.tinctEditor!.brushAb);
    expect(Math.hypot(ab[0] - teal[0], ab[1] - teal[1])).toBeLessThan(2);
    await page.keyboard.press('v');
  });
});
