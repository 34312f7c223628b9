/**
 * The bad-input catalogue (issue 7) through the editor, in the browser shell: every strange file
 * is opened the way a user would (a typed path, or an upload through the file input). A bad one
 * shows one line in the error banner naming the file and the reason, the page stays usable, and a
 * good photo opens right after; a good-but-odd one opens in colour (an animation says that only
 * its first frame is used). Corrupt and future-version projects are refused the same way, and an
 * export that cannot be written says why and leaves no partial file. The table of inputs and what
 * the UI showed is written to test-results/bad-input-ui.md.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRenderer } from '../../scripts/ensure-renderer.mjs';
import {
  AWKWARD_FOLDER,
  AWKWARD_NAME,
  NOT_AN_IMAGE_TEXT,
  bombPng,
  floatTiff,
  jpegWithOrientation,
  truncatedImage,
  writeAlphaPng,
  writeAnimated,
  writeCmykJpeg,
  writeFlatPng,
  writeGrey16Tiff,
} from '../helpers/crafted-files.js';
import { writeGreyJpeg } from '../helpers/images.js';
import { ROOT, tempDir } from '../helpers/paths.js';
import { launchChromium, startShell, type Shell } from './shell.js';
import { exportTiff, previewVersion, startTiffExport, waitForNewPreview as waitForPreview } from './page.js';

let shell: Shell;
let browser: Browser;
let page: Page;
const dir = tempDir('tinct-e2e-bad-');
/** A plain photo that must open after every refusal. */
const good = join(dir, 'good.jpg');
const table: { input: string; how: string; shown: string }[] = [];
const pageErrors: string[] = [];
/** tmpfs mounts made for the full-disk and read-only cases, unmounted in afterAll. */
const mounts: string[] = [];

beforeAll(async () => {
  ensureRenderer({ quiet: true });
  const [s, b] = await Promise.all([startShell(), launchChromium(), writeGreyJpeg(good, 160, 120)]);
  shell = s;
  browser = b;
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (err) => {
    pageErrors.push(err.message);
    console.error('page error:', err.message);
  });
});

afterAll(async () => {
  await browser?.close();
  await shell?.stop();
  for (const m of mounts) if (spawnSync('umount', [m]).status !== 0) spawnSync('umount', ['-l', m]);
  mkdirSync(join(ROOT, 'test-results'), { recursive: true });
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  writeFileSync(
    join(ROOT, 'test-results', 'bad-input-ui.md'),
    '| input | opened by | shown in the UI |\n|---|---|---|\n' +
      table.map((r) => `| ${cell(r.input)} | ${r.how} | ${cell(r.shown)} |`).join('\n') +
      '\n',
  );
});

// The page -------------------------------------------------------------------------------------

const version = () => previewVersion(page);
const waitForNewPreview = (after: number) => waitForPreview(page, after);

/** A new page on the start screen. */
async function startScreen(): Promise<void> {
  await page.goto(shell.url);
  await page.getByTestId('open-path').waitFor();
}

/** Types `path` into the start screen's path field (a .tinct path opens as a project). */
async function typePath(path: string): Promise<void> {
  await page.getByTestId('open-path').fill(path);
  await page.getByTestId('open-path-go').click();
}

/** The header's Open… button with a photo open: the browser shell asks for a path in a dialog. */
async function openFromEditor(path: string): Promise<void> {
  await page.getByRole('button', { name: 'Open…' }).click();
  await page.getByTestId('path-input').fill(path);
  await page.getByTestId('path-ok').click();
}

/** Waits for the error banner and the end of the job; gives the message the banner shows. */
async function bannerMessage(): Promise<string> {
  const banner = page.getByTestId('error');
  await banner.waitFor({ timeout: 60_000 });
  await page.waitForFunction(() => !window.tinctEditor!.job);
  const shown = (await banner.innerText()).replace(/\s*Dismiss\s*$/, '');
  expect(shown).toBe(await page.evaluate(() => window.tinctEditor!.error));
  expect(shown.split('\n')).toHaveLength(1);
  return shown;
}

async function dismissError(): Promise<void> {
  await page.getByTestId('error').getByRole('button', { name: 'Dismiss' }).click();
  await page.getByTestId('error').waitFor({ state: 'detached' });
}

/** The page is not blank: the start screen is there, and nothing is open. */
async function expectStartScreen(): Promise<void> {
  expect(await page.getByRole('heading', { name: 'Bring a black-and-white photo to colour' }).isVisible()).toBe(true);
  expect(await page.getByTestId('open-path').isVisible()).toBe(true);
  expect(await page.evaluate(() => window.tinctEditor!.info)).toBeNull();
}

/** The good photo opens from the start screen right after a refusal, and the banner goes. */
async function expectGoodPhotoOpens(): Promise<void> {
  const v = await version();
  await typePath(good);
  await waitForNewPreview(v);
  expect(await page.evaluate(() => window.tinctEditor!.info!.name)).toBe('good.jpg');
  expect(await page.evaluate(() => window.tinctEditor!.error)).toBeNull();
  expect(await page.getByTestId('error').count()).toBe(0);
  expect(await page.getByTestId('canvas').isVisible()).toBe(true);
}

const short = (s: string) => s.replaceAll(dir, '…').replaceAll(shell.stateDir, '<state>');

/** Opens a bad file on a fresh start screen, checks the message, then opens the good photo. */
async function expectRefused(
  file: string,
  how: 'typed path' | 'upload',
  reason: RegExp,
  input: string,
): Promise<string> {
  await startScreen();
  if (how === 'typed path') await typePath(file);
  else await page.getByTestId('file-input').setInputFiles(file);
  const shown = await bannerMessage();
  expect(shown).toContain(basename(file));
  expect(shown).toMatch(reason);
  await expectStartScreen();
  table.push({ input, how, shown: short(shown) });
  await expectGoodPhotoOpens();
  return shown;
}

/** Opens a good-but-odd file on a fresh start screen: it shows in colour, with any notice. */
const TONE_NOTE = new RegExp(
  String.raw`^[^:]+: (a toned \(sepia-like\) print: Tinct colours from the lightness; the tint is set aside|` +
    'Tinct colours from the lightness; the original colours are set aside)$',
);

async function expectOpens(
  file: string,
  how: 'typed path' | 'upload',
  size: [number, number],
  input: string,
  note?: RegExp,
): Promise<void> {
  await startScreen();
  if (how === 'typed path') await typePath(file);
  else await page.getByTestId('file-input').setInputFiles(file);
  await waitForNewPreview(0);
  expect(await page.evaluate(() => window.tinctEditor!.error)).toBeNull();
  const info = (await page.evaluate(() => window.tinctEditor!.info))!;
  expect(info).toMatchObject({ name: basename(file), width: size[0], height: size[1] });
  // The colour preview is on screen at the preview's size.
  const preview = await page.evaluate(() => [window.tinctEditor!.colour!.width, window.tinctEditor!.colour!.height]);
  expect(preview).toEqual([info.previewWidth, info.previewHeight]);
  expect(await page.getByTestId('canvas').isVisible()).toBe(true);
  // The notice banner (App.svelte): role status, like the panel's slider readouts, so by its class too.
  const status = page.locator('.banner.notice[role=status]');
  const notice = (await status.count()) ? (await status.innerText()).replace(/\s*OK\s*$/, '') : '';
  if (note) expect(notice).toMatch(note);
  // A crafted colour file may carry the note that its colours are set aside, and nothing else.
  else expect(notice.replace(TONE_NOTE, '')).toBe('');
  table.push({
    input,
    how,
    shown:
      `opens ${info.width}×${info.height} in colour (preview ` +
      `${info.previewWidth}×${info.previewHeight})${notice ? `; notice: ${short(notice)}` : ''}`,
  });
}

// The catalogue --------------------------------------------------------------------------------

describe('bad files are refused in the editor with one line, and the editor keeps working', () => {
  it('zero-byte file (typed and uploaded)', async () => {
    const f = join(dir, 'zero.jpg');
    await writeFile(f, Buffer.alloc(0));
    expect(await expectRefused(f, 'typed path', /zero\.jpg: empty file \(0 bytes\)$/, 'zero-byte .jpg')).toBe(
      `${f}: empty file (0 bytes)`,
    );
    expect(await expectRefused(f, 'upload', /zero\.jpg: empty file \(0 bytes\)$/, 'zero-byte .jpg')).toBe(
      'zero.jpg: empty file (0 bytes)',
    );
  });

  for (const [fmt, ext] of [
    ['jpeg', 'jpg'],
    ['png', 'png'],
    ['tiff', 'tif'],
  ] as const) {
    it(`truncated ${fmt.toUpperCase()}`, async () => {
      const f = join(dir, `truncated.${ext}`);
      await writeFile(f, await truncatedImage(fmt));
      const reason = new RegExp(`truncated\\.${ext}: (corrupt or truncated|cannot decode)`);
      await expectRefused(f, 'typed path', reason, `truncated ${fmt.toUpperCase()}`);
      if (fmt === 'jpeg') await expectRefused(f, 'upload', reason, `truncated ${fmt.toUpperCase()}`);
    });
  }

  it('a text file named .jpg', async () => {
    const f = join(dir, 'notes.jpg');
    await writeFile(f, NOT_AN_IMAGE_TEXT);
    await expectRefused(f, 'typed path', /notes\.jpg: not an image Tinct can read/, 'text file named .jpg');
  });

  it('a 30000×30000 PNG (decompression bomb) is refused from its header', async () => {
    const f = join(dir, 'bomb.png');
    await writeFile(f, bombPng(30000, 30000));
    const reason = /bomb\.png: 30000×30000 is 900\.0 MP, over the pixel limit of 100 MP/;
    const t = performance.now();
    await expectRefused(f, 'typed path', reason, '30000×30000 PNG (decompression bomb)');
    await expectRefused(f, 'upload', reason, '30000×30000 PNG (decompression bomb)');
    console.log(`two refusals of the bomb plus two good opens took ${Math.round(performance.now() - t)} ms`);
  });

  it('a bad file opened over an open photo leaves that photo on screen and editable', async () => {
    await startScreen();
    await typePath(good);
    await waitForNewPreview(0);
    await openFromEditor(join(dir, 'truncated.jpg'));
    const shown = await bannerMessage();
    expect(shown).toMatch(/truncated\.jpg: (corrupt or truncated|cannot decode)/);
    table.push({ input: 'truncated JPEG, over an open photo', how: 'Open… dialog', shown: short(shown) });
    expect(await page.evaluate(() => window.tinctEditor!.info!.name)).toBe('good.jpg');
    expect(await page.getByTestId('canvas').isVisible()).toBe(true);
    const v = await version();
    await page.getByTestId('temperature').fill('0.8');
    await waitForNewPreview(v);
    expect(await page.evaluate(() => window.tinctEditor!.doc!.settings.temperature)).toBe(0.8);
  });
});

describe('good but odd files open in colour', () => {
  it('1×1 and 1×10000 PNG', async () => {
    const one = join(dir, 'one.png'),
      tall = join(dir, 'tall.png');
    await Promise.all([writeFlatPng(one, 1, 1), writeFlatPng(tall, 1, 10000)]);
    await expectOpens(one, 'typed path', [1, 1], '1×1 PNG');
    await expectOpens(tall, 'typed path', [1, 10000], '1×10000 PNG');
  });

  it('CMYK JPEG', async () => {
    const f = join(dir, 'cmyk.jpg');
    await writeCmykJpeg(f);
    await expectOpens(f, 'typed path', [60, 40], 'CMYK JPEG');
  });

  it('16-bit and 32-bit float TIFF', async () => {
    const t16 = join(dir, 'grey16.tif'),
      t32 = join(dir, 'float32.tif');
    await Promise.all([
      writeGrey16Tiff(t16),
      writeFile(
        t32,
        floatTiff(40, 30, (x) => x / 39),
      ),
    ]);
    await expectOpens(t16, 'typed path', [64, 48], '16-bit TIFF');
    await expectOpens(t32, 'typed path', [40, 30], '32-bit float TIFF');
  });

  it('PNG with alpha', async () => {
    const f = join(dir, 'alpha.png');
    await writeAlphaPng(f);
    await expectOpens(f, 'typed path', [30, 30], 'PNG with alpha');
  });

  it('animated GIF and WebP: the first frame, and the editor says so', async () => {
    const note = /anim\.(gif|webp): has 2 frames or pages: the first one is used/;
    for (const ext of ['gif', 'webp'] as const) {
      const f = join(dir, `anim.${ext}`);
      await writeAnimated(f, ext);
      await expectOpens(f, 'typed path', [24, 16], `animated ${ext.toUpperCase()}`, note);
    }
    await expectOpens(join(dir, 'anim.gif'), 'upload', [24, 16], 'animated GIF', note);
  });

  it('JPEG with a wrong EXIF orientation (9)', async () => {
    const f = join(dir, 'orient9.jpg');
    await writeFile(f, await jpegWithOrientation(9));
    await expectOpens(f, 'typed path', [30, 20], 'JPEG with EXIF orientation 9');
  });

  it('a path with spaces and non-ASCII characters (typed and uploaded)', async () => {
    const sub = join(dir, AWKWARD_FOLDER);
    mkdirSync(sub);
    const f = join(sub, AWKWARD_NAME);
    await writeGreyJpeg(f, 50, 40);
    await expectOpens(f, 'typed path', [50, 40], 'path with spaces and non-ASCII');
    expect(await page.evaluate(() => window.tinctEditor!.info!.path)).toBe(f);
    await expectOpens(f, 'upload', [50, 40], 'path with spaces and non-ASCII');
  });
});

describe('projects the editor cannot read are refused', () => {
  it('a project from a newer Tinct', async () => {
    const f = join(dir, 'from the future.tinct');
    await writeFile(f, JSON.stringify({ format: 'tinct-project/9', source: good, document: { hologram: true } }));
    const shown = await expectRefused(
      f,
      'typed path',
      /from the future\.tinct: made by a newer Tinct \(tinct-project\/9\)/,
      'project with format tinct-project/9',
    );
    expect(shown).toBe(`${f}: made by a newer Tinct (tinct-project/9); this version reads tinct-project/1`);
  });

  it('a project that is not JSON', async () => {
    const f = join(dir, 'broken.tinct');
    await writeFile(f, '{"format": "tinct-project/1", "source": "good.jp');
    await expectRefused(f, 'typed path', /broken\.tinct: not a Tinct project \(not JSON\)/, 'project with broken JSON');
  });

  it('a project whose JSON is not a Tinct project', async () => {
    const f = join(dir, 'invalid.tinct');
    await writeFile(f, JSON.stringify({ format: 'tinct-project/1', source: good, document: { strokes: 'many' } }));
    await expectRefused(
      f,
      'typed path',
      /invalid\.tinct: not a valid Tinct project \(/,
      'project with a wrong document',
    );
  });

  it('a newer project opened over an open photo leaves that photo on screen', async () => {
    await startScreen();
    await typePath(good);
    await waitForNewPreview(0);
    await openFromEditor(join(dir, 'from the future.tinct'));
    const shown = await bannerMessage();
    expect(shown).toMatch(/from the future\.tinct: made by a newer Tinct/);
    table.push({
      input: 'project with format tinct-project/9, over an open photo',
      how: 'Open… dialog',
      shown: short(shown),
    });
    expect(await page.evaluate(() => window.tinctEditor!.info!.name)).toBe('good.jpg');
    expect(await page.getByTestId('canvas').isVisible()).toBe(true);
  });
});

describe('exports that cannot be written say why and leave nothing behind', () => {
  beforeAll(async () => {
    await startScreen();
    await typePath(good);
    await waitForNewPreview(0);
  });

  /** Exports a 16-bit TIFF to `path` through the export dialog; gives the banner's message. */
  async function failedExport(path: string, input: string): Promise<string> {
    if (await page.getByTestId('error').count()) await dismissError();
    await startTiffExport(page, path);
    const shown = await bannerMessage();
    expect(shown).toContain(basename(path));
    // The dialog stays open with the path, to correct it; Cancel closes it.
    expect(await page.evaluate(() => window.tinctEditor!.exportOpen)).toBe(true);
    await page.getByTestId('export-dialog').getByRole('button', { name: 'Cancel' }).click();
    expect(await page.evaluate(() => window.tinctEditor!.info!.name)).toBe('good.jpg');
    table.push({ input, how: 'Export dialog', shown: short(shown) });
    return shown;
  }

  /** A tmpfs of `size` at a new folder, or null (with a warning) where mounting is not allowed. */
  function tmpfs(name: string, options: string): string | null {
    const at = join(dir, name);
    mkdirSync(at);
    const r = spawnSync('mount', ['-t', 'tmpfs', '-o', options, `tinct-${name}`, at], { encoding: 'utf8' });
    if (r.status !== 0) {
      console.warn(
        `skipped: cannot mount a tmpfs here (${(r.stderr || r.error?.message || `exit ${r.status}`).trim()})`,
      );
      return null;
    }
    mounts.push(at);
    return at;
  }

  it('into a folder that does not exist', async () => {
    const missing = join(dir, 'no such folder');
    const shown = await failedExport(join(missing, 'good-colour.tif'), 'export into a folder that does not exist');
    expect(shown).toBe(`${join(missing, 'good-colour.tif')}: output folder ${missing} does not exist`);
    expect(existsSync(missing)).toBe(false);
  });

  it('under a regular file (ENOTDIR)', async () => {
    const shown = await failedExport(join(good, 'good-colour.tif'), 'export to <a file>/good-colour.tif');
    expect(shown).toMatch(/good-colour\.tif: .*good\.jpg is not a folder$/);
    expect(readdirSync(dir).filter((n) => n.includes('good-colour'))).toEqual([]);
  });

  it('into a read-only folder (chmod 0500)', async (ctx) => {
    const ro = join(dir, 'read-only');
    mkdirSync(ro);
    chmodSync(ro, 0o500);
    let writable = true;
    try {
      writeFileSync(join(ro, 'probe'), '');
      rmSync(join(ro, 'probe'));
    } catch {
      writable = false; // not root: the folder is read-only for us
    }
    if (writable) {
      console.warn(
        'skipped: this user (root) can write into a 0500 folder, so chmod cannot make one ' +
          'read-only; the read-only tmpfs case covers it where mounting is allowed',
      );
      return ctx.skip();
    }
    const shown = await failedExport(join(ro, 'good-colour.tif'), 'export into a read-only (0500) folder');
    expect(shown).toMatch(/good-colour\.tif: cannot write here: permission denied$/);
    expect(readdirSync(ro)).toEqual([]);
  });

  it('onto a read-only file system', async (ctx) => {
    const at = tmpfs('read-only-fs', 'size=64k,ro');
    if (!at) return ctx.skip();
    const shown = await failedExport(join(at, 'good-colour.tif'), 'export onto a read-only file system');
    expect(shown).toMatch(/good-colour\.tif: cannot write: read-only file system$/);
    expect(readdirSync(at)).toEqual([]);
  });

  it('onto a full disk', async (ctx) => {
    const at = tmpfs('full-disk', 'size=16k');
    if (!at) return ctx.skip();
    // Filled to the brim first: a small, smooth photo's TIFF might otherwise fit in 16 KiB.
    try {
      writeFileSync(join(at, 'filler'), Buffer.alloc(64 * 1024));
    } catch {
      // ENOSPC once the file system is full: what we want.
    }
    const shown = await failedExport(join(at, 'good-colour.tif'), 'export onto a full disk (16 KiB tmpfs)');
    expect(shown).toMatch(/good-colour\.tif: cannot write: the disk is full$/);
    expect(readdirSync(at)).toEqual(['filler']); // no .partial left
  });

  it('and then an export to a good folder still works', async () => {
    if (await page.getByTestId('error').count()) await dismissError();
    const file = join(dir, 'exported', 'good-colour.tif');
    mkdirSync(join(dir, 'exported'));
    await exportTiff(page, file);
    expect(await page.evaluate(() => window.tinctEditor!.error)).toBeNull();
    expect(await sharp(file).metadata()).toMatchObject({ format: 'tiff', width: 160, height: 120, depth: 'ushort' });
    expect(readdirSync(join(dir, 'exported'))).toEqual(['good-colour.tif']);
  });

  it('no page errors on the way', () => {
    expect(pageErrors).toEqual([]);
  });
});
