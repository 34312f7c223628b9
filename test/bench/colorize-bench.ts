/**
 * `npm run bench`: time of each stage of `tinct colorize` at 1, 12 and 24 MP, the peak resident
 * memory of each run, and the I/O floor (sharp decode + the same 16-bit TIFF encode) measured in
 * the same run. Each size runs in its own child process so its peak RSS is its own.
 *
 *   npm run bench [-- --sizes 1,12,24 --model models/colorizer.onnx --repeat 2]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { colorizeFile } from '../../src-main/engine/session/colorize-file.js';
import { TIFF_ENCODING } from '../../src-main/engine/image/write-image.js';
import { Colorizer } from '../../src-main/engine/models/colorizer-model.js';
import type { StageTimes } from '../../src-main/engine/session/stages.js';
import { DEFAULT_COLORIZER, PACKAGE_ROOT } from '../../src-main/engine/version.js';

const args = process.argv.slice(2);
const flag = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const FIXTURE_MODEL = join(PACKAGE_ROOT, 'test', 'fixtures', 'tiny-colorizer.onnx');
const modelPath = flag('model', existsSync(DEFAULT_COLORIZER) ? DEFAULT_COLORIZER : FIXTURE_MODEL);
const repeat = Number(flag('repeat', '2'));

/** A photo of `mp` megapixels (3:2): a BSDS500 val photo upscaled when the data is here, else synthetic. */
async function makePhoto(path: string, mp: number): Promise<void> {
  const width = Math.round(Math.sqrt(mp * 1e6 * 1.5)),
    height = Math.round(width / 1.5);
  const val = join(PACKAGE_ROOT, '..', 'shared', 'data', 'bsds500', 'val', 'images');
  const src = existsSync(val) ? join(val, readdirSync(val).sort()[0]) : null;
  const base = src ? sharp(src) : sharp({ create: { width: 480, height: 320, channels: 3, background: '#777' } }).png();
  await base.resize(width, height, { fit: 'fill' }).greyscale().jpeg({ quality: 90 }).toFile(path);
}

async function child(mp: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tinct-bench-'));
  const input = join(dir, 'in.jpg');
  await makePhoto(input, mp);
  const model = await Colorizer.load(modelPath);
  let best: StageTimes | null = null,
    bestTotal = Infinity,
    floor = Infinity;
  for (let r = 0; r < repeat; r++) {
    const times: StageTimes = {};
    const t0 = performance.now();
    await colorizeFile(input, join(dir, `out${r}.tif`), model, { format: 'tiff', bits: 16 }, { times });
    const total = performance.now() - t0;
    if (total < bestTotal) {
      bestTotal = total;
      best = times;
    }
    // The I/O floor: what any tool must spend to read this JPEG and write the same 16-bit TIFF.
    const f0 = performance.now();
    const { data, info } = await sharp(input)
      .toColourspace('rgb16')
      .raw({ depth: 'ushort' })
      .toBuffer({ resolveWithObject: true });
    await sharp(new Uint16Array(data.buffer, data.byteOffset, data.length / 2), {
      raw: { width: info.width, height: info.height, channels: info.channels },
    })
      .toColourspace('rgb16')
      .tiff(TIFF_ENCODING)
      .toFile(join(dir, `floor${r}.tif`));
    floor = Math.min(floor, performance.now() - f0);
  }
  const meta = await sharp(input).metadata();
  rmSync(dir, { recursive: true, force: true });
  const rssMB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    JSON.stringify({ mp, width: meta.width, height: meta.height, total: bestTotal, floor, rssMB, ...best }) + '\n',
  );
}

async function parent(): Promise<void> {
  const sizes = flag('sizes', '1,12,24').split(',').map(Number);
  const self = fileURLToPath(import.meta.url);
  console.log(
    `model: ${modelPath.replace(PACKAGE_ROOT + '/', '')}; best of ${repeat} runs; 16-bit TIFF out; ${process.platform} ${process.arch}, ${availableParallelism()} cores`,
  );
  const cols = [
    'size',
    'decode',
    'network',
    'distrib',
    'upsample',
    'encode',
    'total',
    'I/O floor',
    'total/floor',
    'peak RSS',
  ];
  console.log(cols.map((c) => c.padStart(11)).join(''));
  for (const mp of sizes) {
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', self, '--child', String(mp), '--model', modelPath, '--repeat', String(repeat)],
      { encoding: 'utf8', maxBuffer: 1 << 20 },
    );
    if (r.status !== 0) {
      console.log(`${mp} MP failed: ${r.stderr.split('\n').slice(0, 3).join(' ')}`);
      continue;
    }
    const j = JSON.parse(r.stdout.trim().split('\n').pop()!);
    const ms = (v: number | undefined) => `${Math.round(v ?? 0)} ms`;
    console.log(
      [
        `${mp} MP`,
        ms(j.decode),
        ms(j.network),
        ms(j.distributions),
        ms(j.upsample),
        ms(j.encode),
        ms(j.total),
        ms(j.floor),
        `${(j.total / j.floor).toFixed(2)}×`,
        `${Math.round(j.rssMB)} MB`,
      ]
        .map((c) => c.padStart(11))
        .join(''),
    );
  }
}

const childIdx = args.indexOf('--child');
await (childIdx >= 0 ? child(Number(args[childIdx + 1])) : parent());
