/**
 * The model menu (issue 18): a model in the user's models folder is offered in the header; choosing
 * it colours the open photo again with it, the panel says it gives one colour, and the choice is
 * remembered for the next visit.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureRenderer } from '../../scripts/ensure-renderer.mjs';
import { ROOT, tempDir } from '../helpers/paths.js';
import { ARTEFACTS, SAMPLE, launchChromium, startShell, type Shell } from './shell.js';

let browser: Browser;
let shell: Shell;
const mine = join(tempDir('tinct-e2e-models-'), 'models');

beforeAll(async () => {
  ensureRenderer({ quiet: true });
  mkdirSync(mine);
  for (const f of ['ab-l.onnx', 'wrong-5ch.onnx'])
    copyFileSync(join(ROOT, 'test', 'fixtures', 'byo', f), join(mine, f));
  shell = await startShell({ env: { TINCT_MODELS_DIR: mine } });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await shell?.stop();
});

it('offers the user’s models, recolours the photo with the chosen one and remembers it', async () => {
  const page = await browser.newPage();
  await page.goto(shell.url);
  await page.getByTestId('open-path').fill(SAMPLE);
  await page.getByTestId('open-path-go').click();
  await page.waitForFunction(() => window.tinctEditor?.info !== null && window.tinctEditor!.previewVersion > 0);
  const menu = page.getByTestId('model-menu');
  await menu.waitFor();
  expect(await menu.locator('option').count()).toBe(3);
  // The misfit is listed but cannot be chosen; its option says why.
  const wrong = menu.locator('option', { hasText: 'wrong-5ch' });
  expect(await wrong.isDisabled()).toBe(true);
  expect(await wrong.getAttribute('title')).toMatch(/fits no colorizer kind/);

  await menu.selectOption(join(mine, 'ab-l.onnx'));
  await page.waitForFunction(() => window.tinctEditor!.info?.model.name === 'ab-l' && !window.tinctEditor!.job);
  await page.waitForFunction(() => !window.tinctEditor!.findingRegions);
  const regions = await page.evaluate(() => window.tinctEditor!.info!.regions);
  if (regions) {
    const box = (await page.getByTestId('canvas').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForFunction(() => window.tinctEditor!.selected !== null);
    await page.getByTestId('one-colour-note').waitFor();
    expect(await page.getByTestId('swatch').count()).toBe(1);
  }
  await page.screenshot({ path: join(ARTEFACTS, '07-model-menu.png') });
  // The menu takes its room from the photo's name: at 900 px the header still fits in one row.
  await page.setViewportSize({ width: 900, height: 700 });
  const header = await page
    .locator('header')
    .evaluate((h) => [h.scrollWidth, h.clientWidth, h.getBoundingClientRect().height]);
  expect(header[0]).toBeLessThanOrEqual(header[1]);
  expect(header[2]).toBeLessThan(50);
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.reload();
  await page.waitForFunction(() => (window.tinctEditor?.models.length ?? 0) > 0);
  expect(await page.evaluate(() => window.tinctEditor!.chosenModel)).toBe(join(mine, 'ab-l.onnx'));
  await page.close();
});
