/**
 * `npm run eval:color -- --temperature T` scores the decode at another annealed-mean T than the
 * model's own: T = 1 is the plain mean of the distribution, so the colours must come out duller
 * than at the shipped model's default (0.5) on the same photos. A T outside (0, 10] is refused in one line.
 * Real photos: two of the CC0 samples (grey photos, so scored for their colourfulness only), through
 * the shipped model.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, SHIPPED_TEMPERATURE, tempDir } from '../helpers/paths.js';

function evalColor(images: string, ...extra: string[]) {
  return spawnSync('npx', ['tsx', 'test/eval/color-eval.ts', '--images', images, ...extra], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
}

/** The colourfulness of the κ = 0 row (the samples are grey photos: no truth to divide by) and the T
 * the run says it decoded at. */
function colourfulness(stdout: string): { colourful: number; T: string } {
  const row = stdout.split('\n').find((l) => l.startsWith('Tinct κ = 0'));
  const T = /; T ([\d.]+);/.exec(stdout)?.[1];
  if (!row || !T) throw new Error(`no κ = 0 row or T in:\n${stdout}`);
  return { colourful: Number(row.trim().split(/\s+/)[7]), T };
}

describe('eval:color --temperature', () => {
  it('T = 1 gives duller colours than the model default; a bad T is refused', () => {
    const dir = tempDir('tinct-eval-T-');
    const photos = join(dir, 'photos');
    mkdirSync(photos);
    for (const f of ['astronaut.png', 'coffee.png'])
      copyFileSync(join(ROOT, 'resources', 'samples', f), join(photos, f));

    const byDefault = evalColor(photos);
    const mean = evalColor(photos, '--temperature', '1');
    expect(byDefault.status, byDefault.stderr).toBe(0);
    expect(mean.status, mean.stderr).toBe(0);
    const [a, b] = [colourfulness(byDefault.stdout), colourfulness(mean.stdout)];
    console.log(`colourfulness: T ${a.T} ${a.colourful}, T ${b.T} ${b.colourful}`);
    expect(a.T).toBe(String(SHIPPED_TEMPERATURE));
    expect(b.T).toBe('1');
    expect(a.colourful).toBeGreaterThan(5); // the default decode colours these photos
    expect(b.colourful).toBeLessThan(0.9 * a.colourful);

    const bad = evalColor(photos, '--temperature', '0');
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n').at(-1)).toBe('eval:color: --temperature 0 is not in (0, 10]');
  }, 240_000);
});
