/**
 * What the end-to-end tests do to the editor page more than once: wait for a settled new
 * preview, and export through the export dialog.
 */
import type { Page } from 'playwright-core';

/** The editor's preview counter (it grows with every new colour preview). */
export const previewVersion = (p: Page) => p.evaluate(() => window.tinctEditor!.previewVersion);

/** Waits until a preview newer than `after` is shown and nothing is pending (jobs, edits, regions). */
export async function waitForNewPreview(p: Page, after: number): Promise<void> {
  await p.waitForFunction(
    (v) => {
      const e = window.tinctEditor!;
      return e.previewVersion > v && !e.job && !e.updating && !e.findingRegions;
    },
    after,
    { timeout: 60_000 },
  );
}

/** Fills in and starts the export dialog: a 16-bit TIFF to `path`. */
export async function startTiffExport(p: Page, path: string): Promise<void> {
  await p.getByTestId('export').click();
  await p.getByTestId('export-format').selectOption('tiff16');
  await p.getByTestId('export-path').fill(path);
  await p.getByTestId('export-go').click();
}

/** Exports a 16-bit TIFF to `path` and waits until the job is over. */
export async function exportTiff(p: Page, path: string): Promise<void> {
  await startTiffExport(p, path);
  await p.waitForFunction(() => !window.tinctEditor!.exportOpen && !window.tinctEditor!.job, undefined, {
    timeout: 60_000,
  });
}
