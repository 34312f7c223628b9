/**
 * The same editor through the desktop app, with Playwright's Electron launcher. Electron is an
 * optional dependency: where it is not installed this says so and skips.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureRenderer } from '../../scripts/ensure-renderer.mjs';
import { ROOT } from '../helpers/paths.js';
import { ARTEFACTS } from './shell.js';

function electronBinary(): string | null {
  try {
    const bin = createRequire(import.meta.url)('electron');
    return typeof bin === 'string' ? bin : null;
  } catch {
    return null;
  }
}

const electron = electronBinary();
if (!electron)
  console.warn('skipped: Electron is not installed here (optional dependency); the desktop flow runs where it is');

describe.skipIf(!electron)('desktop app (Electron)', () => {
  it('opens the editor window with the api bridge and no Node in the page', async () => {
    const { spawnSync } = await import('node:child_process');
    ensureRenderer({ quiet: true });
    expect(spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-app.mjs')], { cwd: ROOT }).status).toBe(0);
    const { _electron } = await import('playwright-core');
    const app = await _electron.launch({ executablePath: electron!, args: [ROOT, '--no-sandbox'] });
    try {
      const win = await app.firstWindow();
      await win.waitForFunction(() => !!(window as unknown as { tinct?: unknown }).tinct);
      expect(await win.evaluate(() => (window as unknown as { tinct: { transport: string } }).tinct.transport)).toBe(
        'electron',
      );
      expect(await win.evaluate(() => typeof (globalThis as unknown as { require?: unknown }).require)).toBe(
        'undefined',
      );
      expect(await win.evaluate(() => typeof (globalThis as unknown as { process?: unknown }).process)).toBe(
        'undefined',
      );
      await win.getByTestId('sample').click();
      await win.waitForFunction(() => (window.tinctEditor?.previewVersion ?? 0) > 0, undefined, { timeout: 60_000 });
      await win.screenshot({ path: join(ARTEFACTS, 'electron-opened.png') });
    } finally {
      await app.close();
    }
  });
});
