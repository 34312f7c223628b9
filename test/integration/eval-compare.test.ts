/**
 * `npm run eval:color -- --save run.json` and `npm run eval:compare -- a.json b.json`: two runs on
 * the same photos compared photo by photo. Checked on two BSDS500 val photos (needs
 * ../shared/data; skips where it is absent) through the shipped model: the saved histograms hold
 * every pixel and give the printed AuC back, a run compared with itself differs by exactly 0, a
 * different decode (another T) by what the two tables say (AuC, red recall, warm share), the
 * rebalanced AuC is left out where the runs weighed by their own priors, a run saved before the
 * hue counts were kept still compares without them, and runs on other photos are refused.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aucFromHistogram } from '../eval/color-metrics.js';
import { BSDS_VAL, ROOT, tempDir, valPhotos } from '../helpers/paths.js';

function tsx(script: string, args: string[]) {
  return spawnSync('npx', ['tsx', script, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
}

/** The tool's own message: npx may print warnings of its own before it. */
const lastLine = (text: string) => text.trim().split('\n').at(-1);

/**
 * eval:color on a folder, saved; the table's Tinct κ = 0 AuC rebalanced, red recall and warm share
 * beside the file's path. ownPrior: without --prior-of (each model weighs by its own prior).
 */
function saved(
  images: string,
  extra: string[] = [],
  ownPrior = false,
): { path: string; table: number; red: number; warm: number } {
  const path = join(tempDir('tinct-eval-compare-'), 'run.json');
  const prior = ownPrior ? [] : ['--prior-of', join(ROOT, 'models', 'colorizer.json')];
  const r = tsx('test/eval/color-eval.ts', ['--images', images, ...prior, '--save', path, ...extra]);
  expect(r.status, r.stderr).toBe(0);
  // Columns after the name's four words: AuC raw, AuC rebal, PSNR, colourful, ÷ truth, split,
  // the five families' recalls (red first), warm share.
  const cells = r.stdout
    .split('\n')
    .find((l) => l.startsWith('Tinct κ = 0'))!
    .trim()
    .split(/\s+/);
  return { path, table: Number(cells[5]), red: Number(cells[10]), warm: Number(cells[15]) };
}

describe('eval:color --save and eval:compare', () => {
  it('compares two runs photo by photo, and refuses runs on other photos', (ctx) => {
    if (!existsSync(BSDS_VAL)) return ctx.skip(); // needs ../shared/data/bsds500/val
    const photos = valPhotos(['12084.jpg', '3096.jpg']);
    const a = saved(photos);
    const run = JSON.parse(readFileSync(a.path, 'utf8'));
    expect(run.photos).toEqual(['12084', '3096']);
    const tinct = run.rows.find((r: { name: string }) => r.name === 'Tinct κ = 0');
    // Every pixel of both 481 × 321 photos is in its photo's histogram, and their sum is the table's AuC.
    tinct.hist.forEach((h: number[]) => expect(h.reduce((s, v) => s + v, 0)).toBe(481 * 321));
    const sum = tinct.histW.reduce((s: number[], h: number[]) => s.map((v, t) => v + h[t]));
    expect(aucFromHistogram(Float64Array.from(sum))).toBeCloseTo(a.table, 2);

    const self = tsx('test/eval/compare-eval.ts', [a.path, a.path]);
    expect(self.status, self.stderr).toBe(0);
    expect(self.stdout).toMatch(/Tinct κ = 0\s+AuC rebal\s+[\d.]+\s+[\d.]+\s+0\.00\s+0\.00 … 0\.00/);
    // The coral of 12084 is val's largest red: both photos have red truth pixels, so the line is there.
    expect(self.stdout).toMatch(/Tinct κ = 0\s+red rec\s+[\d.]+\s+[\d.]+\s+0\.000\s+0\.000 … 0\.000/);
    expect(self.stdout).toMatch(/Tinct κ = 0\s+warm share\s+[\d.]+\s+[\d.]+\s+0\.000\s+0\.000 … 0\.000/);
    expect(self.stdout).toMatch(/^the truth's warm share: 0\.\d{3}$/m);

    // A hotter decode: b − a is the difference of the two tables' numbers.
    const b = saved(photos, ['--temperature', '1']);
    const cmp = tsx('test/eval/compare-eval.ts', [a.path, b.path]);
    expect(cmp.status, cmp.stderr).toBe(0);
    const line = cmp.stdout.split('\n').find((l) => /^Tinct κ = 0\s+AuC rebal/.test(l))!;
    const [va, vb, diff] = line
      .replace(/^Tinct κ = 0\s+AuC rebal/, '')
      .trim()
      .split(/\s+/)
      .map(Number);
    expect([va, vb]).toEqual([a.table, b.table]);
    expect(diff).toBeCloseTo(b.table - a.table, 1);
    expect(Math.abs(diff)).toBeGreaterThan(0);
    // The shares as the tables print them (two digits), b − a the difference of the two.
    const shares = (measure: string) =>
      cmp.stdout
        .split('\n')
        .find((l) => new RegExp(`^Tinct κ = 0\\s+${measure}\\s`).test(l))!
        .replace(new RegExp(`^Tinct κ = 0\\s+${measure}`), '')
        .trim()
        .split(/\s+/)
        .map(Number);
    const [redA, redB, redDiff] = shares('red rec');
    const asPrinted = (x: number, table: number) => expect(Math.abs(x - table)).toBeLessThanOrEqual(0.0051);
    asPrinted(redA, a.red);
    asPrinted(redB, b.red);
    // Each of the three is rounded on its own: they may disagree by one in the last digit.
    expect(Math.abs(redDiff - (redB - redA))).toBeLessThanOrEqual(0.0011);
    const [warmA, warmB, warmDiff] = shares('warm share');
    asPrinted(warmA, a.warm);
    asPrinted(warmB, b.warm);
    expect(Math.abs(warmDiff - (warmB - warmA))).toBeLessThanOrEqual(0.0011);
    expect(Math.abs(warmDiff)).toBeGreaterThan(0); // a hotter decode moves the hues

    // A run saved before --save kept the counts still compares, without those lines.
    const older = JSON.parse(readFileSync(b.path, 'utf8'));
    for (const key of ['families', 'hueTotals', 'truthWarm']) delete older[key];
    for (const row of older.rows) for (const key of ['hueHits', 'warm', 'chromatic']) delete row[key];
    const olderPath = join(tempDir('tinct-eval-compare-'), 'older.json');
    writeFileSync(olderPath, JSON.stringify(older));
    const withOlder = tsx('test/eval/compare-eval.ts', [a.path, olderPath]);
    expect(withOlder.status, withOlder.stderr).toBe(0);
    expect(withOlder.stdout).toContain('hue recalls and warm share left out');
    expect(withOlder.stdout).toMatch(/Tinct κ = 0\s+AuC rebal/);
    expect(withOlder.stdout).not.toMatch(/Tinct κ = 0\s+(red rec|warm share)/);

    const other = saved(valPhotos(['12084.jpg']));
    const refused = tsx('test/eval/compare-eval.ts', [a.path, other.path]);
    expect(refused.status).toBe(1);
    expect(lastLine(refused.stderr)).toBe(
      `eval:compare: ${other.path}: the photos differ from ${a.path}'s (["12084"] against ["12084","3096"])`,
    );
    // Without --prior-of each run weighs its pixels by its own model's prior: that row is left out.
    const own = saved(photos, [], true);
    const ownCmp = tsx('test/eval/compare-eval.ts', [own.path, own.path]);
    expect(ownCmp.stdout).toContain('AuC rebal left out');
    expect(ownCmp.stdout).not.toMatch(/Tinct κ = 0\s+AuC rebal/);
    expect(ownCmp.stdout).toMatch(/Tinct κ = 0\s+AuC raw/);

    const notRun = tsx('test/eval/compare-eval.ts', [a.path, join(ROOT, 'package.json')]);
    expect(lastLine(notRun.stderr)).toMatch(/^eval:compare: .*package\.json: not a file of eval:color --save/);
  }, 300_000);
});
