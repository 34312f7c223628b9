/**
 * Bring your own colorizer through the editor's api: the engine worker lists the user's models,
 * opens a photo with a chosen one (validated by the api's schemas), pools per region with its
 * one colour, and a project remembers which model it was made with.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dispatcher } from '../../src-main/api/dispatch.js';
import { labToRgb, rgbToLab } from '../../src-main/engine/colour/lab.js';
import { EngineWorker } from '../../src-main/engine/worker/client.js';
import type { ModelList, SessionInfo } from '../../src-main/engine/worker/protocol.js';
import { readSamples } from '../helpers/images.js';
import { ROOT, TINY_MODEL, tempDir } from '../helpers/paths.js';

const BYO = join(ROOT, 'test', 'fixtures', 'byo');
const dir = tempDir('tinct-byo-api-');
const mine = join(dir, 'models');
const photo = join(dir, 'grey.png');
let engine: EngineWorker;
let api: Dispatcher;

async function call<T>(method: string, params: unknown): Promise<T> {
  const answer = await api.handle(method, params, undefined, () => {});
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.result as T;
}

async function meanAb(path: string): Promise<[number, number]> {
  const { meta, info, samples } = await readSamples(path);
  const max = meta.depth === 'ushort' ? 65535 : 255;
  let a = 0,
    b = 0;
  const n = info.width * info.height;
  for (let i = 0; i < n; i++) {
    const j = i * info.channels;
    const lab = rgbToLab(samples[j] / max, samples[j + 1] / max, samples[j + 2] / max);
    a += lab[1];
    b += lab[2];
  }
  return [a / n, b / n];
}

beforeAll(async () => {
  mkdirSync(mine);
  for (const f of ['ab-l.onnx', 'rgb-out.onnx', 'wrong-5ch.onnx']) copyFileSync(join(BYO, f), join(mine, f));
  const v = Math.round(labToRgb(60, 0, 0)[0] * 255);
  const px = Buffer.alloc(120 * 90 * 3, v);
  for (let y = 0; y < 90; y++) for (let x = 0; x < 40; x++) px.fill(v + 40, (y * 120 + x) * 3, (y * 120 + x + 1) * 3);
  await sharp(px, { raw: { width: 120, height: 90, channels: 3 } })
    .png()
    .toFile(photo);
  engine = new EngineWorker({
    model: TINY_MODEL,
    modelsDir: mine,
    segmenter: join(ROOT, 'test', 'fixtures', 'tiny-segmenter.onnx'),
    stateDir: join(dir, 'state'),
  });
  await engine.ready;
  api = new Dispatcher(engine);
});
afterAll(() => engine.close());

describe('models in the editor', () => {
  it('lists the built-in model and the user folder’s, a misfit with its reason', async () => {
    const list = await call<ModelList>('models', {});
    expect(list.userDir).toBe(mine);
    expect(list.builtIn).toBe(TINY_MODEL);
    expect(list.models.map((m) => [m.name, m.source, m.kind ?? null])).toEqual([
      ['tiny-colorizer', 'built-in', 'distributions'],
      ['ab-l', 'user', 'ab'],
      ['rgb-out', 'user', 'rgb'],
      ['wrong-5ch', 'user', null],
    ]);
    expect(list.models[3].error).toMatch(/fits no colorizer kind \(5 output channels\)/);
  });

  it('opens a photo with a chosen model: one colour per region, the one it predicts', async () => {
    const info = await call<SessionInfo>('open', { path: photo, model: join(mine, 'ab-l.onnx') });
    expect(info.model).toMatchObject({ name: 'ab-l', kind: 'ab', alternatives: false });
    await call('regions', { session: info.session });
    const { region } = await call<{ region: { swatches: { ab: [number, number] }[] } }>('regionAt', {
      session: info.session,
      x: 90,
      y: 45,
    });
    expect(region.swatches).toHaveLength(1);
    expect(Math.abs(region.swatches[0].ab[0] - 10)).toBeLessThan(2);
    expect(Math.abs(region.swatches[0].ab[1] + 40)).toBeLessThan(2);
    const out = join(dir, 'ab.tif');
    await call('export', { session: info.session, path: out, format: 'tiff', bits: 16 });
    const [a, b] = await meanAb(out);
    expect(Math.abs(a - 10)).toBeLessThan(3);
    expect(Math.abs(b + 40)).toBeLessThan(3);

    // The project records the model, and reopening it colours with it again.
    const project = join(dir, 'p.tinct');
    await call('saveProject', { session: info.session, path: project });
    expect(JSON.parse(await readFile(project, 'utf8')).model).toMatchObject({ name: 'ab-l', kind: 'ab' });
    await call('close', { session: info.session });
    const again = await call<SessionInfo>('openProject', { path: project });
    expect(again.model.name).toBe('ab-l');
    // Reopening with another model is a choice too (the model menu).
    const other = await call<SessionInfo>('openProject', { path: project, model: join(mine, 'rgb-out.onnx') });
    expect(other.model).toMatchObject({ name: 'rgb-out', kind: 'rgb' });
  });

  it('opens with the built-in model by default, and reopens the photo with another, edits kept', async () => {
    const info = await call<SessionInfo>('open', { path: photo });
    expect(info.model).toMatchObject({ path: TINY_MODEL, kind: 'distributions', alternatives: true });
    const stroke = {
      id: 's1',
      points: [
        [10, 10],
        [30, 30],
      ],
      radius: 6,
      ab: [50, 10],
    };
    const doc = { ...info.document, strokes: [stroke], settings: { ...info.document.settings, consistency: 0.3 } };
    await call('setDocument', { session: info.session, document: doc });
    const again = await call<SessionInfo>('reopen', { session: info.session, model: join(mine, 'rgb-out.onnx') });
    expect(again.model).toMatchObject({ name: 'rgb-out', kind: 'rgb', alternatives: false });
    expect(again.session).not.toBe(info.session);
    expect(again.document.strokes).toEqual([stroke]);
    // Consistency was the user's; the temperature was the old model's default and follows the new one's.
    expect(again.document.settings).toEqual({ consistency: 0.3, temperature: 1 });
    await expect(call('render', { session: info.session, which: 'colour' })).rejects.toThrow(/no longer open/);
    const back = await call<SessionInfo>('reopen', { session: again.session });
    expect(back.model.path).toBe(TINY_MODEL);
    expect(back.document.settings.temperature).toBe(0.38);
  });

  it('opens a project whose model is gone with the built-in one, says so; a moved built-in is no news', async () => {
    const project = join(dir, 'p.tinct');
    const saved = JSON.parse(await readFile(project, 'utf8'));
    const gone = join(dir, 'gone.tinct');
    const model = { path: join(dir, 'nowhere', 'ddcolor.onnx'), name: 'ddcolor', version: '', kind: 'ab' };
    await writeFile(gone, JSON.stringify({ ...saved, model }));
    const info = await call<SessionInfo>('openProject', { path: gone });
    expect(info.model.path).toBe(TINY_MODEL);
    expect(info.notes.join(' ')).toMatch(/made with model ddcolor, which cannot be used now .*; using tiny-colorizer/);
    const moved = join(dir, 'moved.tinct');
    const builtIn = {
      path: '/elsewhere/tiny-colorizer.onnx',
      name: 'tiny-colorizer',
      version: '0.0.1',
      kind: 'distributions',
    };
    await writeFile(moved, JSON.stringify({ ...saved, model: builtIn }));
    const again = await call<SessionInfo>('openProject', { path: moved });
    expect(again.model.path).toBe(TINY_MODEL);
    expect(again.notes).toEqual([]);
  });

  it('refuses a model that fits no kind, or one that is not listed, with one line', async () => {
    await expect(call('open', { path: photo, model: join(mine, 'wrong-5ch.onnx') })).rejects.toThrow(
      /^[^\n]*wrong-5ch\.onnx: fits no colorizer kind[^\n]*$/,
    );
    await expect(call('open', { path: photo, model: join(BYO, 'ab-rgb64.onnx') })).rejects.toThrow(
      /ab-rgb64\.onnx: not one of the models Tinct lists/,
    );
    await expect(call('open', { path: photo, model: 5 })).rejects.toThrow(/bad open request/);
  });
});
