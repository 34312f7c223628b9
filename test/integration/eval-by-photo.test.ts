/**
 * `npm run eval:color -- --by-photo` lists, per hue family, the photos that hold half of the
 * truth's pixels of that family, with their share and each row's recall on them. Checked on three
 * BSDS500 val photos (needs ../shared/data; skips where it is absent) through the shipped model:
 * the shares are the truth's own pixel counts, and a photo's recall there is the family's recall of
 * a run on that photo alone.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HUE_FAMILIES, hueRecallCounts } from '../eval/color-metrics.js';
import { readLab } from '../eval/read-lab.js';
import { BSDS_VAL, ROOT, valPhotos } from '../helpers/paths.js';

// 12084 (red coral) holds the most red pixels of the three; 69040 some red; 3096 (a sky) none.
const PHOTOS = ['12084.jpg', '69040.jpg', '3096.jpg'];
const RED = HUE_FAMILIES.findIndex((f) => f.name === 'red');

function evalColor(images: string, ...extra: string[]) {
  const run = spawnSync('npx', ['tsx', 'test/eval/color-eval.ts', '--images', images, ...extra], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout;
}

describe('eval:color --by-photo', () => {
  it('names the photos that hold a family, with their shares and recalls', async (ctx) => {
    if (!existsSync(BSDS_VAL)) return ctx.skip(); // needs ../shared/data/bsds500/val
    const red: number[] = [];
    for (const f of PHOTOS) {
      const truth = await readLab(join(BSDS_VAL, f));
      red.push(hueRecallCounts(truth, truth).total[RED]);
    }
    const all = red.reduce((s, n) => s + n, 0);
    expect(red[0]).toBeGreaterThan(all / 2); // so 12084 alone holds half, and is listed alone

    const out = evalColor(valPhotos(PHOTOS), '--by-photo');
    const lines = out.split('\n').filter((l) => l.startsWith('red, '));
    expect(lines.length, out).toBe(1);
    const [, id, share, recall] = /^red, (\S+)\s+([\d.]+)\s+([\d.]+)$/.exec(lines[0].trim())!;
    expect(id).toBe('12084');
    expect(Number(share)).toBeCloseTo(red[0] / all, 3);
    const withAny = red.filter((n) => n > 0).length;
    expect(out).toContain(`red: 1 of the ${withAny} photos with any hold ${(red[0] / all).toFixed(2)} of its pixels; `);

    // The same photo alone: its red recall in the table is the one listed for it above.
    const alone = evalColor(valPhotos([PHOTOS[0]]));
    const row = alone.split('\n').find((l) => l.startsWith('Tinct κ = 0'))!;
    // The row's values: AuC raw, AuC rebal, PSNR, colourful, ÷ truth, split rate, then the recalls.
    const values = row.slice('Tinct κ = 0'.length).trim().split(/\s+/);
    expect(values).toHaveLength(6 + HUE_FAMILIES.length + 1);
    expect(values[6 + RED]).toBe(recall);
  }, 240_000);
});
