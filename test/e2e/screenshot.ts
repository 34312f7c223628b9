/**
 * `npx tsx test/e2e/screenshot.ts [out.png]`: the README's screenshot (docs/screenshot.png): the
 * editor in the browser shell with the sample photo colourised (the trained models when they are
 * in models/, else the tiny test models), a region selected, the before/after split at a third.
 */
import { join } from 'node:path';
import sharp from 'sharp';
import { ensureRenderer } from '../../scripts/ensure-renderer.mjs';
import { ROOT } from '../helpers/paths.js';
import { SAMPLE, launchChromium, startShell } from './shell.js';

const out = process.argv[2] ?? join(ROOT, 'docs', 'screenshot.png');
ensureRenderer({ quiet: true });
const [shell, browser] = await Promise.all([startShell(), launchChromium()]);
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
  await page.goto(shell.url);
  await page.getByTestId('open-path').fill(SAMPLE);
  await page.getByTestId('open-path-go').click();
  await page.waitForFunction(
    () => (window.tinctEditor?.previewVersion ?? 0) > 0 && !window.tinctEditor!.job,
    undefined,
    { timeout: 120_000 },
  );
  await page.evaluate(() => {
    (window.tinctEditor as unknown as { split: number }).split = 0.33;
  });
  const box = (await page.getByTestId('canvas').boundingBox())!;
  const [x, y] = [box.x + box.width * 0.62, box.y + box.height * 0.45];
  // The regions arrive after the first preview: click once they are there, so the panel shows the
  // region's alternatives and the gamut picker.
  await page.waitForFunction(() => !window.tinctEditor!.findingRegions && !window.tinctEditor!.job, undefined, {
    timeout: 120_000,
  });
  await page.mouse.move(x, y);
  await page.mouse.click(x, y);
  await page.waitForFunction(() => window.tinctEditor!.selected !== null, undefined, { timeout: 30_000 });
  await page.waitForTimeout(800);
  await page.mouse.move(box.x + box.width * 0.75, box.y + box.height * 0.2);
  await page.waitForTimeout(800);
  const png = await page.screenshot();
  await sharp(png).png({ compressionLevel: 9, palette: true, quality: 90 }).toFile(out);
  const { size } = await sharp(out)
    .metadata()
    .then(async () => (await import('node:fs/promises')).stat(out));
  console.log(`${out}: ${(size / 1024).toFixed(0)} KB`);
} finally {
  await browser.close();
  await shell.stop();
}
