/**
 * `npm run bench:video-editor [-- --clip film.mp4 --seconds 10 --repeat 5]`: a film in the
 * editor, through the engine worker as the UI calls it (the transports add one hop):
 *   - open → first coloured frame of a 640×360 clip (open colours frame 0; + the render the UI asks),
 *   - seek latency (a frame far from the last: a new decoder), playback frames/s (the next frame),
 *   - edit → updated frame: a custom colour on a region (chooseRegion), an undo (setDocument),
 *   - how long that colour takes to reach the whole shot: the hint plan (planHints), and an
 *     H.264 export of the shot (frames/s),
 *   - this thread's longest event-loop delay while the film plays and exports (with an idle baseline
 *     and the share of time it was busy), and the resident
 *     memory after each pass of playback (flat memory: the passes should match).
 * The clip is ../shared/videos' dev05 scaled to 640×360 when it is there, else a synthetic
 * moving pattern; one shot of `--seconds` seconds at 24 frames/s, then a 2-second second shot.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { defaultColorizer } from '../../src-main/api/defaults.js';
import { EngineWorker } from '../../src-main/engine/worker/client.js';
import type { SessionInfo } from '../../src-main/engine/worker/protocol.js';
import { ffmpegTools } from '../../src-main/engine/video/ffmpeg-tools.js';
import { DEFAULT_SEGMENTER, PACKAGE_ROOT } from '../../src-main/engine/version.js';
import { flag } from '../helpers/flags.js';

const args = process.argv.slice(2);
const seconds = Number(flag('seconds', '10'));
const repeat = Number(flag('repeat', '5'));
const tools = ffmpegTools();
const dir = mkdtempSync(join(tmpdir(), 'tinct-veditor-bench-'));
const real = join(PACKAGE_ROOT, '..', 'shared', 'videos', 'dev05_sam2_football_grass_trees.mp4');
const clip = flag('clip', join(dir, 'film.mp4'));
if (!args.includes('--clip')) {
  const first = existsSync(real)
    ? ['-stream_loop', '-1', '-i', real]
    : ['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=24'];
  execFileSync(tools.ffmpeg, [
    '-v',
    'error',
    '-y',
    ...first,
    '-f',
    'lavfi',
    '-i',
    'mandelbrot=size=640x360:rate=24',
    '-filter_complex',
    `[0:v]fps=24,scale=640:360,setsar=1,trim=end_frame=${seconds * 24},setpts=PTS-STARTPTS,format=gray[a];` +
      `[1:v]trim=end_frame=48,format=gray[b];[a][b]concat=n=2:v=1,format=yuv420p[v]`,
    '-map',
    '[v]',
    '-c:v',
    'libx264',
    '-crf',
    '16',
    '-preset',
    'veryfast',
    clip,
  ]);
}

const engine = new EngineWorker({
  model: defaultColorizer().path,
  segmenter: existsSync(DEFAULT_SEGMENTER) ? DEFAULT_SEGMENTER : null,
  stateDir: join(dir, 'state'),
});
await engine.ready;
const timed = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const t0 = performance.now();
  const v = await fn();
  return [v, performance.now() - t0];
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => `${x.toFixed(0)} ms`;
const rss = () => process.memoryUsage().rss / 2 ** 20;

// Open → first frame, `repeat` times (the first open of a fresh engine also compiles; reported apart).
const openMs: number[] = [];
let info: SessionInfo | null = null;
for (let i = 0; i <= repeat; i++) {
  if (info) await engine.call('close', { session: info.session });
  const [opened, t] = await timed(async () => {
    const o = await engine.call('open', { path: clip });
    await engine.call('render', { session: o.session, which: 'colour' });
    return o;
  });
  info = opened;
  openMs.push(t);
}
const session = info!.session;
const frames = info!.video!.frames;
const [shots, scanMs] = await timed(() => engine.call('videoShots', { session }));

// The same monitor with nothing to do first: on a busy machine the OS alone delays the loop.
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
await new Promise((r) => setTimeout(r, 3000));
const idleLoopMax = loop.max / 1e6;
loop.reset();
// Event-loop utilisation tells work on this thread apart from waiting for a CPU on a busy machine.
let elu0 = performance.eventLoopUtilization();
// Playback: the next frame, one after another (what the UI's play loop asks), in three passes.
const playFps: number[] = [];
const memory: number[] = [rss()];
for (let pass = 0; pass < 3; pass++) {
  await engine.call('videoFrame', { session, frame: 0 });
  const n = Math.min(frames - 1, 96);
  const [, t] = await timed(async () => {
    for (let f = 1; f <= n; f++) await engine.call('videoFrame', { session, frame: f, playing: true });
  });
  playFps.push((n * 1000) / t);
  memory.push(rss());
}
const playLoopMax = loop.max / 1e6;
const playElu = performance.eventLoopUtilization(elu0).utilization;

// Seeks: frames far apart, each a new decoder.
const seekMs: number[] = [];
for (let i = 0; i < repeat; i++) {
  const f = Math.floor(((i * 0.37 + 0.11) % 1) * (frames - 1));
  seekMs.push((await timed(() => engine.call('videoFrame', { session, frame: f })))[1]);
}

// An edit on frame 24 of the first shot: a custom colour on the region at the centre, then undo.
await engine.call('videoFrame', { session, frame: 24 });
const before = info!.document;
const chooseMs: number[] = [],
  undoMs: number[] = [];
let document = before;
for (let i = 0; i < repeat; i++) {
  const [ans, t] = await timed(() =>
    engine.call('chooseRegion', {
      session,
      point: [320, 180 + 10 * i],
      level: info!.defaultLevel,
      ab: [40 + i, 30],
    }),
  );
  chooseMs.push(t);
  document = ans.document;
  undoMs.push((await timed(() => engine.call('setDocument', { session, document: before })))[1]);
}
await engine.call('setDocument', { session, document });
const [, planMs] = await timed(() => engine.call('planHints', { session }));

loop.reset();
elu0 = performance.eventLoopUtilization();
const shotEnd = (shots[1] ?? frames) - 1;
const [exported, exportMs] = await timed(() =>
  engine.call('exportVideo', { session, path: join(dir, 'shot.mp4'), kind: 'h264', crf: 18, from: 0, to: shotEnd }),
);
const exportLoopMax = loop.max / 1e6;
const exportElu = performance.eventLoopUtilization(elu0).utilization;
loop.disable();
await engine.close();

console.log(
  `Video editor bench: ${info!.width}×${info!.height}, ${frames} frames at ${info!.video!.fps} ` +
    `fps, shots ${JSON.stringify(shots)} (scan ${ms(scanMs)}), preview ` +
    `${info!.previewWidth}×${info!.previewHeight}, model ` +
    `${defaultColorizer().path.split('/').pop()}, regions ${info!.regions ? 'on' : 'off'}`,
);
console.log(
  `  open → first coloured frame  median ${ms(median(openMs.slice(1)))} (first open of the ` +
    `engine ${ms(openMs[0])}; target ≤ 1500 ms)`,
);
console.log(`  seek latency                 median ${ms(median(seekMs))} (min ${ms(Math.min(...seekMs))})`);
console.log(
  `  playback                     ${playFps.map((f) => f.toFixed(1)).join(' / ')} frames/s ` +
    `(three passes of ${Math.min(frames - 1, 96)} frames; the film is ${info!.video!.fps})`,
);
console.log(
  `  edit → updated frame         custom colour median ${ms(median(chooseMs))}, undo median ` +
    `${ms(median(undoMs))} (target ≤ 100 ms)`,
);
console.log(
  `  the colour through a ${((shotEnd + 1) / info!.video!.fps).toFixed(0)}-s shot: hint plan ` +
    `${ms(planMs)}; export of the shot ${(exportMs / 1000).toFixed(1)} s ` +
    `(${((exported.frames * 1000) / exportMs).toFixed(1)} frames/s)`,
);
console.log(
  `  this thread's longest event-loop delay: ${ms(playLoopMax)} while playing, ` +
    `${ms(exportLoopMax)} while exporting (idle baseline on this machine ${ms(idleLoopMax)}; ` +
    `busy ${(100 * playElu).toFixed(1)} % / ${(100 * exportElu).toFixed(1)} % of the time)`,
);
console.log(`  resident memory (MB) before / after each playback pass: ${memory.map((m) => m.toFixed(0)).join(' / ')}`);
console.log('  (a shared machine: numbers are noisy)');
