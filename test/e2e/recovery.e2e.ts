/**
 * Never lose work: edits are autosaved a couple of seconds after they are made; after the shell
 * is killed (kill -9), the next start offers them on the start screen and recovers them.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureRenderer } from '../../scripts/ensure-renderer.mjs';
import { tempDir } from '../helpers/paths.js';
import { ARTEFACTS, SAMPLE, launchChromium, startShell, type Shell } from './shell.js';

let browser: Browser;
const shells: Shell[] = [];
const stateDir = tempDir('tinct-e2e-recover-');

beforeAll(async () => {
  ensureRenderer({ quiet: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  for (const s of shells) await s.stop();
});

it('recovers edits after the shell is killed', async () => {
  const first = await startShell({ stateDir });
  shells.push(first);
  const page = await browser.newPage();
  await page.goto(first.url);
  await page.getByTestId('open-path').fill(SAMPLE);
  await page.getByTestId('open-path-go').click();
  await page.waitForFunction(() => window.tinctEditor?.info !== null && window.tinctEditor!.previewVersion > 0);
  await page.getByTestId('consistency').fill('0.13');
  await page.waitForFunction(() => !window.tinctEditor!.updating);
  const editedAt = Date.now();
  // The autosave lands about 2 s after the edit; wait for the file rather than guessing.
  const { readdir } = await import('node:fs/promises');
  const autosaves = join(stateDir, 'autosave');
  while (!(await readdir(autosaves).catch(() => [] as string[])).some((n) => n.endsWith('.tinct'))) {
    if (Date.now() - editedAt > 20_000) throw new Error('no autosave within 20 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  const lag = Date.now() - editedAt;
  first.proc.kill('SIGKILL');
  await page.close();

  const second = await startShell({ stateDir });
  shells.push(second);
  const again = await browser.newPage();
  await again.goto(second.url);
  await again.getByTestId('recover').waitFor();
  await again.screenshot({ path: join(ARTEFACTS, '05-recover.png') });
  await again.getByRole('button', { name: 'Recover' }).click();
  await again.waitForFunction(() => window.tinctEditor?.doc?.settings.consistency === 0.13);
  console.log(`autosave written ${lag} ms after the edit (limit: 5000 ms of lost work)`);
  expect(lag).toBeLessThan(5000);
});
