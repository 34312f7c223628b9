/**
 * `npm run bench:video [-- --frames 48 --sizes 640x360,1280x720 --temporal 0.9] [--long-minutes 10]`: frames/s of
 * `tinct colorize clip.mp4` (decode → network → memory → regions → H.264 encode) at each size,
 * the time per stage per frame, and the peak resident memory with the RSS at a quarter, half and
 * the end of the clip (flat memory: the last two should match). Each size runs in its own child
 * process so its peak RSS is its own. The clip is ../shared/videos' dev05 scaled to the size when
 * the data is here, else a synthetic moving pattern. `--long-minutes M` adds a clip of M minutes
 * at 160×90 (a moving pattern) to show that memory stays flat however long the clip is.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Colorizer } from '../../src-main/engine/models/colorizer-model.js';
import { loadSegmentFunction } from '../../src-main/engine/segmentation/segment-function.js';
import { ffmpegTools } from '../../src-main/engine/video/ffmpeg-tools.js';
import { probeVideo } from '../../src-main/engine/video/probe.js';
import { colourFrames, DEFAULT_TEMPORAL } from '../../src-main/engine/video/colorize-video.js';
import { writeVideo } from '../../src-main/engine/video/video-writer.js';
import { DEFAULT_COLORIZER, PACKAGE_ROOT } from '../../src-main/engine/version.js';
import { flag } from '../helpers/flags.js';

const args = process.argv.slice(2);
const frames = Number(flag('frames', '48'));
const temporal = Number(flag('temporal', String(DEFAULT_TEMPORAL)));
const tools = ffmpegTools();

async function child(size: string, long: boolean): Promise<void> {
  const [w, h] = size.split('x').map(Number);
  const count = long ? Math.round(Number(flag('long-minutes', '10')) * 60 * 24) : frames;
  const dir = mkdtempSync(join(tmpdir(), 'tinct-vbench-'));
  const clip = join(dir, 'in.mp4');
  const real = join(PACKAGE_ROOT, '..', 'shared', 'videos', 'dev05_sam2_football_grass_trees.mp4');
  const src = existsSync(real) && !long ? ['-i', real] : ['-f', 'lavfi', '-i', `testsrc2=size=${w}x${h}:rate=24`];
  execFileSync(tools.ffmpeg, [
    '-v',
    'error',
    '-y',
    ...src,
    '-frames:v',
    String(count),
    '-vf',
    `scale=${w}:${h},format=gray,format=yuv420p`,
    '-c:v',
    'libx264',
    '-crf',
    '12',
    clip,
  ]);
  const info = await probeVideo(clip, tools);
  const colorizer = await Colorizer.load(DEFAULT_COLORIZER);
  const segment = await loadSegmentFunction();
  const times: Record<string, number> = {};
  const rss: number[] = [];
  const t0 = performance.now();
  const onFrame = (n: number) => {
    if (n === Math.round(count / 4) || n === Math.round(count / 2) || n === count)
      rss.push(process.memoryUsage().rss / 2 ** 20);
  };
  const gen = colourFrames(info, tools, { colorizer, segment }, { temporal }, { times, onFrame });
  const r = await writeVideo(join(dir, 'out.mp4'), info, { kind: 'h264', crf: 18 }, gen, tools, {});
  const ms = performance.now() - t0;
  rmSync(dir, { recursive: true, force: true });
  const perFrame = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, v / r.frames]));
  process.stdout.write(
    JSON.stringify({ size, fps: (r.frames * 1000) / ms, perFrame, rss, peak: process.resourceUsage().maxRSS / 1024 }) +
      '\n',
  );
}

async function parent(): Promise<void> {
  const sizes = flag('sizes', '640x360,1280x720').split(',');
  const longMinutes = flag('long-minutes', '');
  if (longMinutes) sizes.push(`160x90 (${longMinutes} min)`);
  const self = fileURLToPath(import.meta.url);
  console.log(
    `video: ${frames} frames, μ = ${temporal}, H.264 out; ${process.platform} ${process.arch}, ` +
      `${availableParallelism()} cores`,
  );
  console.log(
    ['size', 'frames/s', 'flow', 'network', 'memory', 'segment', 'pooling', 'colour', 'RSS ¼ ½ end', 'peak RSS']
      .map((c) => c.padStart(12))
      .join(''),
  );
  for (const size of sizes) {
    const r = spawnSync(
      process.execPath,
      [
        ...['--import', 'tsx', self, '--child', size.split(' ')[0], '--frames', String(frames)],
        ...['--temporal', String(temporal), ...(size.includes('min') ? ['--long', '--long-minutes', longMinutes] : [])],
      ],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      },
    );
    if (r.status !== 0) {
      console.log(`${size} failed: ${r.stderr.split('\n').slice(0, 3).join(' ')}`);
      continue;
    }
    const j = JSON.parse(r.stdout.trim().split('\n').pop()!);
    const ms = (k: string) => `${Math.round(j.perFrame[k] ?? 0)} ms`;
    console.log(
      [
        size,
        j.fps.toFixed(2),
        ms('flow'),
        ms('network'),
        ms('memory'),
        ms('segment'),
        ms('pooling'),
        ms('colour'),
        j.rss.map((v: number) => Math.round(v)).join(' '),
        `${Math.round(j.peak)} MB`,
      ]
        .map((c) => String(c).padStart(12))
        .join(''),
    );
  }
  console.log(
    'per-frame times are time on the main thread; the network of the next frame runs meanwhile on its own threads',
  );
}

const ci = args.indexOf('--child');
if (ci >= 0) await child(args[ci + 1], args.includes('--long'));
else await parent();
