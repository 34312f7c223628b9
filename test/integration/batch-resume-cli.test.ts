/**
 * Long batches through the real CLI (issue 20): a batch killed with SIGKILL resumes without
 * redoing or losing a photo, --resume redoes what is not this run's result, shards cover the
 * inputs exactly once, and the report says what happened to each input.
 */
import {
  copyFileSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { readOutputImage } from '../../src-main/engine/image/tinct-xmp.js';
import { finished, spawnTinct, tinct } from '../helpers/cli.js';
import { greyPixels } from '../helpers/images.js';
import { TINY_MODEL, tempDir } from '../helpers/paths.js';

const dir = tempDir('tinct-batch-');
const inDir = join(dir, 'in');
const model = ['--model', TINY_MODEL];
const N = 30;
const names = Array.from({ length: N }, (_, i) => `p${String(i).padStart(2, '0')}`);

/** The results in a folder, without the hidden temporary files of writes in flight. */
const results = (folder: string) => readdirSync(folder).filter((n) => !n.startsWith('.'));

interface Line {
  input: string;
  output: string | null;
  status: 'done' | 'skipped' | 'failed';
  reason?: string;
  shard?: string;
}
function reportLines(path: string): Line[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l)); // every line whole JSON: a torn or interleaved line fails here
}

async function waitFor(cond: () => boolean, ms: number): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}

beforeAll(async () => {
  mkdirSync(inDir);
  for (const [i, n] of names.entries()) {
    // 64×48 grey photos, each a little different so no two results are the same file.
    const px = greyPixels(64, 48).map((v) => Math.min(255, v + i));
    await sharp(px, { raw: { width: 64, height: 48, channels: 1 } })
      .png()
      .toFile(join(inDir, `${n}.png`));
  }
});

describe('a batch killed part-way and resumed', () => {
  it('ends with every output once, whole and not redone, and a done line for each input', async () => {
    const out = join(dir, 'out-killed');
    const report = join(dir, 'killed.jsonl');
    const child = spawnTinct(['colorize', inDir, '-o', out, '--report', report, ...model]);
    const end = finished(child);
    await waitFor(() => {
      try {
        return results(out).length >= 3;
      } catch {
        return false; // the folder is not made yet
      }
    }, 90_000);
    child.kill('SIGKILL');
    expect((await end).signal).toBe('SIGKILL');
    const before = results(out);
    expect(before.length).toBeGreaterThanOrEqual(3);
    expect(before.length).toBeLessThan(N); // it really stopped part-way
    const mtimes = new Map(before.map((n) => [n, statSync(join(out, n)).mtimeMs]));
    // What a kill mid-write leaves: the temporary file of the photo in flight (made here, as the
    // kill's moment is chance), and one of a name outside the batch that is not ours to remove.
    const inFlight = names.find((n) => !before.includes(`${n}.tif`))!;
    writeFileSync(join(out, `.${inFlight}.tif.0badc0de.partial`), 'half a TIFF');
    writeFileSync(join(out, '.other.tif.0badc0de.partial'), 'not ours');

    const r = tinct(['colorize', inDir, '-o', out, '--resume', '--report', report, ...model]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`${N} inputs: ${N - before.length} done, ${before.length} skipped, 0 failed`));
    expect(readdirSync(out).sort()).toEqual(['.other.tif.0badc0de.partial', ...names.map((n) => `${n}.tif`)]);
    for (const n of names) {
      const { info } = await sharp(join(out, `${n}.tif`))
        .raw()
        .toBuffer({ resolveWithObject: true });
      expect([info.width, info.height]).toEqual([64, 48]);
    }
    for (const [n, t] of mtimes) expect(statSync(join(out, n)).mtimeMs, `${n} was redone`).toBe(t);

    const lines = reportLines(report);
    for (const n of names) {
      const mine = lines.filter((l) => l.input === join(inDir, `${n}.png`));
      expect(
        mine.filter((l) => l.status === 'done'),
        `${n}: one done line`,
      ).toHaveLength(1);
      expect(mine.every((l) => l.output === join(out, `${n}.tif`) && l.status !== 'failed')).toBe(true);
    }
  });
});

describe('--resume decides from what the output says it was made from', () => {
  it('redoes a foreign, a partial, another-settings and a changed-input output, and skips the rest', async () => {
    const six = join(dir, 'in-six');
    const out = join(dir, 'out-six');
    mkdirSync(six);
    for (const n of names.slice(0, 6)) copyFileSync(join(inDir, `${n}.png`), join(six, `${n}.png`));
    expect(tinct(['colorize', six, '-o', out, '--format', 'png', '-q', ...model]).code).toBe(0);

    await sharp(greyPixels(64, 48), { raw: { width: 64, height: 48, channels: 1 } })
      .png()
      .toFile(join(out, 'p00.png')); // a PNG written by sharp, not by Tinct
    const other = tinct(
      ['colorize', join(six, 'p01.png'), '-o', join(out, 'p01.png')].concat([
        '--temperature',
        '0.9',
        '--overwrite',
        '-q',
        ...model,
      ]),
    );
    expect(other.code).toBe(0);
    const whole = readFileSync(join(out, 'p02.png'));
    writeFileSync(join(out, 'p02.png'), whole.subarray(0, Math.floor(whole.length * 0.8))); // a copy cut short
    utimesSync(join(six, 'p03.png'), new Date(), new Date('2020-01-01')); // the scan was replaced since
    const kept = ['p04.png', 'p05.png'].map((n) => [n, statSync(join(out, n)).mtimeMs] as const);

    const r = tinct(['colorize', six, '-o', out, '--format', 'png', '--resume', ...model]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/6 inputs: 4 done, 2 skipped, 0 failed/);
    expect(r.stderr).toMatch(/p00\.png: redoing it: not written by Tinct/);
    expect(r.stderr).toMatch(/p01\.png: redoing it: made with other settings \(temperature 0\.9, not 0\.38\)/);
    expect(r.stderr).toMatch(/p02\.png: redoing it: .*partial/);
    expect(r.stderr).toMatch(/p03\.png: redoing it: made from an earlier version of the input/);
    for (const [n, t] of kept) expect(statSync(join(out, n)).mtimeMs).toBe(t);
    for (const n of ['p00', 'p01', 'p02', 'p03']) {
      const check = await readOutputImage(join(out, `${n}.png`));
      expect(check.ok).toBe(true);
      const p = check.ok ? (check.xmp.provenance as { settings: { temperature: number } }) : null;
      expect(p?.settings.temperature).toBe(0.38);
    }

    // The same weights under another path are the same model: nothing to redo.
    const copy = join(dir, 'copied-model');
    mkdirSync(copy);
    copyFileSync(TINY_MODEL, join(copy, 'tiny-colorizer.onnx'));
    copyFileSync(TINY_MODEL.replace(/\.onnx$/, '.json'), join(copy, 'tiny-colorizer.json'));
    const again = tinct(
      ['colorize', six, '-o', out, '--format', 'png', '--resume'].concat([
        '--model',
        join(copy, 'tiny-colorizer.onnx'),
      ]),
    );
    expect(again.stderr).toMatch(/6 inputs: 0 done, 6 skipped, 0 failed/);
    // The same weights with another manifest (here a new version) are another model.
    const manifest = JSON.parse(readFileSync(join(copy, 'tiny-colorizer.json'), 'utf8'));
    writeFileSync(join(copy, 'tiny-colorizer.json'), JSON.stringify({ ...manifest, version: '0.0.2' }));
    const retrained = tinct(
      ['colorize', six, '-o', out, '--format', 'png', '--resume'].concat([
        '--model',
        join(copy, 'tiny-colorizer.onnx'),
      ]),
    );
    expect(retrained.stderr).toMatch(/6 inputs: 6 done, 0 skipped, 0 failed/);
    expect(retrained.stderr).toMatch(
      /redoing it: made with another model \(tiny-colorizer 0\.0\.1.*, not tiny-colorizer 0\.0\.2/,
    );
  });

  it('with --project, redoes a result whose project is missing', () => {
    const two = join(dir, 'in-two');
    const out = join(dir, 'out-two');
    mkdirSync(two);
    for (const n of names.slice(0, 2)) copyFileSync(join(inDir, `${n}.png`), join(two, `${n}.png`));
    expect(tinct(['colorize', two, '-o', out, '--project', '-q', ...model]).code).toBe(0);
    rmSync(join(out, 'p01.tinct'));
    const r = tinct(['colorize', two, '-o', out, '--project', '--resume', ...model]);
    expect(r.stderr).toMatch(/2 inputs: 1 done, 1 skipped, 0 failed/);
    expect(r.stderr).toMatch(/p01\.tif: redoing it: its project .*p01\.tinct is missing/);
    expect(readdirSync(out).sort()).toEqual(['p00.tif', 'p00.tinct', 'p01.tif', 'p01.tinct']);
  });

  it('refuses --resume with --overwrite as bad usage', () => {
    const r = tinct(['colorize', inDir, '-o', join(dir, 'x'), '--resume', '--overwrite', ...model]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--resume .* --overwrite/);
  });
});

describe('--shard i/n', () => {
  it('three shards run at once cover the inputs exactly once, into one folder and one report', async () => {
    const out = join(dir, 'out-shards');
    const report = join(dir, 'shards.jsonl');
    const runs = await Promise.all(
      ['1/3', '2/3', '3/3'].map((s) =>
        finished(spawnTinct(['colorize', inDir, '-o', out, '--shard', s, '--report', report, ...model])),
      ),
    );
    let total = 0;
    for (const [k, run] of runs.entries()) {
      expect(run.code, run.stderr).toBe(0);
      const m = new RegExp(`shard ${k + 1}/3: (\\d+) of ${N} inputs: (\\d+) done, 0 skipped, 0 failed`).exec(
        run.stderr,
      );
      expect(m, run.stderr).not.toBeNull();
      expect(Number(m![1])).toBe(Number(m![2]));
      total += Number(m![1]);
    }
    expect(total).toBe(N);
    expect(results(out).sort()).toEqual(names.map((n) => `${n}.tif`));
    const lines = reportLines(report);
    expect(lines).toHaveLength(N);
    expect(new Set(lines.map((l) => l.input)).size).toBe(N);
    expect(lines.every((l) => l.status === 'done')).toBe(true);
    expect(new Set(lines.map((l) => l.shard))).toEqual(new Set(['1/3', '2/3', '3/3']));
  });

  it.each(['0/3', '4/3', 'x', '3', '1/0', '-1/3'])('refuses --shard %s with one line and exit 2', (v) => {
    const r = tinct(['colorize', inDir, '-o', join(dir, 'never'), '--shard', v, ...model]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/--shard/);
  });
});
