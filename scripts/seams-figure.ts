/**
 * `npm run docs:seams`: docs/seams.png, a seam case before and after pooling over regions that
 * follow objects. The sample photo resources/samples/astronaut.png colourised with the shipped
 * models twice: with the pooling of before (hierarchy level 0.9, regions split where over 47 % of
 * their pixels disagree, κ = 1: the suit half brown, half orange where two regions chose different
 * modes) and with today's defaults (level 0.96, split at 40 %, κ = 0.5: one suit, one colour).
 * The pooling settings are read once per process (TINCT_POOLING_LEVEL, TINCT_SPLIT_DISAGREEMENT),
 * so each half is made by its own `tinct colorize`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { PACKAGE_ROOT } from '../src-main/engine/version.js';
import { sideBySide } from './side-by-side.js';

const photo = join(PACKAGE_ROOT, 'resources', 'samples', 'astronaut.png');
const out = join(PACKAGE_ROOT, 'docs', 'seams.png');
const tmp = mkdtempSync(join(tmpdir(), 'tinct-seams-'));
const cli = join(PACKAGE_ROOT, 'src-main', 'cli', 'main.ts');
const tsx = join(PACKAGE_ROOT, 'node_modules', '.bin', 'tsx');

function colourise(name: string, env: Record<string, string>, args: string[] = []): string {
  const file = join(tmp, `${name}.png`);
  execFileSync(tsx, [cli, 'colorize', photo, '-o', file, '--bits', '8', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return file;
}

try {
  const before = colourise('before', { TINCT_POOLING_LEVEL: '0.9', TINCT_SPLIT_DISAGREEMENT: '0.47' }, [
    '--consistency',
    '1',
  ]);
  const after = colourise('after', {});
  const { width: w = 0, height: h = 0 } = await sharp(before).metadata();
  await sideBySide(before, after, w, h, out);
  console.log(`wrote ${out}: before (left) and after (right), ${w}×${h} each`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
