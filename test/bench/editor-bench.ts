/**
 * `npm run bench:editor`: the editor as its UI sees it, through the browser shell's real server
 * and engine worker, with a WebSocket client in this process:
 *   - time from opening a 12 MP photo to the first colourised preview (open + colour render), and
 *     on to the region-pooled preview (the `regions` call the UI makes right after),
 *   - the longest block of the server's event loop (perf_hooks.monitorEventLoopDelay) while the
 *     photo is colourised and exported (the engine runs in its worker, so this should stay small),
 *   - preview latency of a settings change, a region click, a swatch and a stroke (round trips).
 *
 *   npm run bench:editor [-- --mp 12 --model models/colorizer.onnx --segmenter models/segmenter.onnx --repeat 5]
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import sharp from 'sharp';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { defaultColorizer } from '../../src-main/api/defaults.js';
import type { EditDocument, SessionInfo } from '../../src-main/api/protocol.js';
import { EngineWorker } from '../../src-main/engine/worker/client.js';
import { PACKAGE_ROOT } from '../../src-main/engine/version.js';
import { startServer } from '../../src-main/web/server.js';
import { flag } from '../helpers/flags.js';

const mp = Number(flag('mp', '12'));
const repeat = Number(flag('repeat', '5'));
const model = flag('model', defaultColorizer().path);
const trainedSeg = join(PACKAGE_ROOT, 'models', 'segmenter.onnx');
const segmenter = flag(
  'segmenter',
  existsSync(trainedSeg) ? trainedSeg : join(PACKAGE_ROOT, 'test', 'fixtures', 'tiny-segmenter.onnx'),
);

const dir = mkdtempSync(join(tmpdir(), 'tinct-editor-bench-'));
const photo = join(dir, `photo-${mp}mp.jpg`);
const width = Math.round(Math.sqrt((mp * 1e6 * 4) / 3)),
  height = Math.round((width * 3) / 4);
await sharp(join(PACKAGE_ROOT, 'resources', 'samples', 'camera.png'))
  .resize(width, height, { fit: 'fill' })
  .jpeg({ quality: 92 })
  .toFile(photo);

const engine = new EngineWorker({ model, segmenter, stateDir: join(dir, 'state') });
await engine.ready;
const server = await startServer({ engine, rendererDir: join(PACKAGE_ROOT, 'dist', 'renderer') });
// The WebSocket client (the browser's part) runs in a worker thread, so this thread's event loop
// is the server's alone when its longest block is measured. Previews arrive as plain bytes.
const client = new Worker(
  `
  const { parentPort, workerData } = require('node:worker_threads');
  const WebSocket = require(workerData.ws);
  const ws = new WebSocket(workerData.url);
  ws.on('open', () => parentPort.postMessage({ open: true }));
  ws.on('message', (data, isBinary) => {
    let msg;
    if (isBinary) {
      const len = data.readUInt32LE(0);
      msg = JSON.parse(data.subarray(4, 4 + len).toString());
      msg.result.rgbaBytes = data.length - 4 - len;
    } else msg = JSON.parse(String(data));
    if (!msg.progress) parentPort.postMessage(msg);
  });
  parentPort.on('message', (m) => ws.send(JSON.stringify(m)));
`,
  {
    eval: true,
    workerData: {
      url: `ws://127.0.0.1:${server.port}/api/ws?token=${server.token}`,
      ws: createRequire(import.meta.url).resolve('ws'),
    },
  },
);
await new Promise((r) => client.once('message', r));

let nextId = 1;
const waiting = new Map<
  number,
  (v: { ok: boolean; result?: unknown; error?: { code: string; message: string } }) => void
>();
client.on(
  'message',
  (msg: { id: number; ok: boolean; result?: unknown; error?: { code: string; message: string } }) => {
    waiting.get(msg.id)?.(msg);
    waiting.delete(msg.id);
  },
);
async function call<T>(method: string, params: unknown): Promise<T> {
  const id = nextId++;
  const answer = await new Promise<{ ok: boolean; result?: unknown; error?: { code: string; message: string } }>(
    (resolve) => {
      waiting.set(id, resolve);
      client.postMessage({ id, method, params });
    },
  );
  if (!answer.ok) throw new Error(`${method}: ${answer.error?.message}`);
  return answer.result as T;
}
const timed = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const t0 = performance.now();
  const v = await fn();
  return [v, performance.now() - t0];
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => `${x.toFixed(0)} ms`;

// The same monitor with nothing to do first: on a busy machine the OS alone delays the loop.
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
await new Promise((r) => setTimeout(r, 3000));
const idleLoopMax = loop.max / 1e6;
loop.reset();
const openElu0 = performance.eventLoopUtilization();
const [info, openMs] = await timed(() => call<SessionInfo>('open', { path: photo }));
const [, renderMs] = await timed(() => call('render', { session: info.session, which: 'colour' }));
let regionsMs = 0;
if (info.regionsPending) {
  const [ans, t] = await timed(() => call<{ defaultLevel: number }>('regions', { session: info.session }));
  regionsMs = t;
  Object.assign(info, { regions: true, defaultLevel: ans.defaultLevel });
}
const openLoopMax = loop.max / 1e6;
const openElu = performance.eventLoopUtilization(openElu0);
const session = info.session;

// Each kind of edit runs twice untimed first: a user makes many edits in a session, and the
// first ones of a fresh engine are slower while V8 compiles the loops (bench:edit does the same).
const WARM = 2;
const settingsMs: number[] = [];
let doc: EditDocument = info.document;
for (let i = -WARM; i < repeat; i++) {
  doc = {
    ...doc,
    settings: {
      ...doc.settings,
      temperature: 0.3 + 0.1 * ((i + WARM) % 5),
      consistency: 0.2 + 0.15 * ((i + WARM) % 5),
    },
  };
  const t = (await timed(() => call('setDocument', { session, document: doc })))[1];
  if (i >= 0) settingsMs.push(t);
}

const clickMs: number[] = [],
  swatchMs: number[] = [];
let regions = 'off (no segmenter)';
if (info.regions) {
  regions = 'on';
  // A different region each time: the first swatch picked in a region (the slower case).
  for (let i = -WARM; i < repeat; i++) {
    const [x, y] = [(width * (0.2 + 0.12 * (i + WARM))) % width, (height * (0.3 + 0.1 * (i + WARM))) % height];
    const [ans, t] = await timed(() => call<{ region: { swatches: unknown[] } | null }>('regionAt', { session, x, y }));
    if (i >= 0) clickMs.push(t);
    if (!ans.region) continue;
    const withChoice = {
      ...doc,
      regions: [{ point: [x, y] as [number, number], level: info.defaultLevel, swatch: 0 }],
    };
    const ts = (await timed(() => call('setDocument', { session, document: withChoice })))[1];
    if (i >= 0) swatchMs.push(ts);
  }
}

const strokeMs: number[] = [];
for (let i = -WARM; i < repeat; i++) {
  const y = height * (0.2 + 0.1 * (i + WARM));
  const stroke = {
    id: `b${i}`,
    points: [
      [width * 0.3, y],
      [width * 0.5, y],
    ] as [number, number][],
    radius: width / 100,
    ab: [30, 40] as [number, number],
  };
  const t = (await timed(() => call('setDocument', { session, document: { ...doc, strokes: [stroke] } })))[1];
  if (i >= 0) strokeMs.push(t);
}

loop.reset();
// Event-loop utilisation tells work on this thread apart from waiting for a CPU on a busy machine.
const elu0 = performance.eventLoopUtilization();
const [, exportMs] = await timed(() =>
  call('export', { session, path: join(dir, 'out.tif'), format: 'tiff', bits: 16 }),
);
const exportLoopMax = loop.max / 1e6;
const exportElu = performance.eventLoopUtilization(elu0);
loop.disable();

console.log(
  `Editor bench: ${width}×${height} (${((width * height) / 1e6).toFixed(1)} MP), model ` +
    `${model.split('/').pop()}, regions ${regions}, preview ${info.previewWidth}×${info.previewHeight}`,
);
const stages = Object.entries(info.times)
  .map(([k, v]) => `${k} ${ms(v)}`)
  .join(', ');
console.log(
  `  open → first colour preview  ${ms(openMs + renderMs)}  (open ${ms(openMs)}: ${stages}; + ` +
    `colour preview ${ms(renderMs)})`,
);
if (regionsMs)
  console.log(
    `  … → regions found, pooled preview ${ms(openMs + renderMs + regionsMs)}  (regions call ${ms(regionsMs)})`,
  );
console.log(
  `  server event loop, longest block: ${ms(openLoopMax)} during open, ${ms(exportLoopMax)} ` +
    `during export (idle baseline on this machine: ${ms(idleLoopMax)})`,
);
console.log(
  `  server main thread busy: ${(openElu.utilization * 100).toFixed(1)}% of the open ` +
    `(${ms(openElu.active)} in all), ${(exportElu.utilization * 100).toFixed(1)}% of the export ` +
    `(${ms(exportElu.active)})`,
);
console.log(`  settings change → preview    median ${ms(median(settingsMs))} (of ${settingsMs.length})`);
if (clickMs.length) console.log(`  region click (regionAt)       median ${ms(median(clickMs))}`);
if (swatchMs.length) console.log(`  swatch → preview             median ${ms(median(swatchMs))}`);
console.log(`  stroke → preview             median ${ms(median(strokeMs))}`);
console.log(`  export 16-bit TIFF            ${ms(exportMs)}`);

await client.terminate();
await server.close();
await engine.close();
