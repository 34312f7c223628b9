import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelledError } from '../../src-main/engine/errors.js';
import { EngineWorker } from '../../src-main/engine/worker/client.js';
import { readProject } from '../../src-main/engine/worker/project.js';
import type { SessionInfo } from '../../src-main/engine/worker/protocol.js';
import { ROOT, TINY_MODEL, tempDir } from '../helpers/paths.js';

const SAMPLE = join(ROOT, 'resources', 'samples', 'camera.png');
const dir = tempDir('tinct-worker-');
const stateDir = join(dir, 'state');
let engine: EngineWorker;
let info: SessionInfo;

beforeAll(async () => {
  engine = new EngineWorker({ model: TINY_MODEL, stateDir, autosaveDelay: 50 });
  await engine.ready;
  info = await engine.call('open', { path: SAMPLE });
});
afterAll(() => engine.close());

describe('engine worker', () => {
  it('opens a photo off the main thread and renders previews', async () => {
    expect(info).toMatchObject({ name: 'camera.png', width: 512, height: 512, previewWidth: 512, regions: false });
    const grey = await engine.call('render', { session: info.session, which: 'grey' });
    expect(grey.rgba.length).toBe(512 * 512 * 4);
    expect(Math.abs(grey.rgba[0] - grey.rgba[1])).toBeLessThanOrEqual(1); // grey: R ≈ G
  });

  it('answers a bad request with one line and stays up', async () => {
    await expect(engine.call('open', { path: join(dir, 'nope.png') })).rejects.toThrow(/nope\.png: no such file$/);
    await expect(engine.call('render', { session: 'gone', which: 'colour' })).rejects.toThrow(/no longer open/);
    expect((await engine.call('info', {})).samples).toContain(SAMPLE);
  });

  it('cancels a job between its stages, leaving no file', async () => {
    const big = join(dir, 'big.jpg');
    await sharp(SAMPLE).resize(2400, 1800, { fit: 'fill' }).jpeg().toFile(big);
    const s = await engine.call('open', { path: big });
    const abort = new AbortController();
    const job = engine.call(
      'export',
      { session: s.session, path: join(dir, 'x.tif'), format: 'tiff', bits: 16 },
      {
        signal: abort.signal,
        onProgress: (p) => {
          if (p.stage === 'upsample') abort.abort();
        },
      },
    );
    await expect(job).rejects.toBeInstanceOf(CancelledError);
    expect(readdirSync(dir).filter((n) => n.includes('x.tif'))).toEqual([]);
    await engine.call('close', { session: s.session });
  });

  it('saves a project that reopens with the same document, and refuses broken ones', async () => {
    const doc = { ...info.document, settings: { temperature: 0.7, consistency: 0.25 } };
    await engine.call('setDocument', { session: info.session, document: doc });
    const path = join(dir, 'p.tinct');
    await engine.call('saveProject', { session: info.session, path });
    expect((await readProject(path)).document.settings).toEqual(doc.settings);
    const again = await engine.call('openProject', { path });
    expect(again.document.settings).toEqual(doc.settings);
    expect(again.project).toBe(path);

    const future = join(dir, 'future.tinct');
    writeFileSync(future, JSON.stringify({ format: 'tinct-project/9', source: SAMPLE, document: {} }));
    await expect(engine.call('openProject', { path: future })).rejects.toThrow(/newer Tinct/);
    const junk = join(dir, 'junk.tinct');
    writeFileSync(junk, '{"format":"tinct-project/1","source":"a.png","document":{"version":1}}');
    await expect(engine.call('openProject', { path: junk })).rejects.toThrow(
      /junk\.tinct: not a valid Tinct project \(document\./,
    );
  });

  it('autosaves edits, keeps them when an unsaved photo is closed, and lists them for recovery', async () => {
    const s = await engine.call('open', { path: SAMPLE });
    await engine.call('setDocument', {
      session: s.session,
      document: { ...s.document, settings: { temperature: 0.5, consistency: 0.9 } },
    });
    await new Promise((r) => setTimeout(r, 300));
    const before = await engine.call('listRecoverable', {});
    // its own live session is not offered
    expect(before.find((r) => r.path.includes(s.session.slice(0, 8)))).toBeUndefined();
    await engine.call('close', { session: s.session });
    const offered = (await engine.call('listRecoverable', {})).find((r) => r.path.includes(s.session.slice(0, 8)))!;
    expect(offered.source).toBe(SAMPLE);
    expect((await readProject(offered.path)).document.settings.consistency).toBe(0.9);
    await engine.call('discardRecoverable', { path: offered.path });
    await expect(engine.call('discardRecoverable', { path: SAMPLE })).rejects.toThrow(/not an autosave/);
  });
});

describe('engine worker with a segmenter', () => {
  it('shows a photo in colour first and finds its regions on request', async () => {
    const seg = new EngineWorker({
      model: TINY_MODEL,
      segmenter: join(ROOT, 'test', 'fixtures', 'tiny-segmenter.onnx'),
      stateDir: join(dir, 'state-seg'),
    });
    try {
      await seg.ready;
      const s = await seg.call('open', { path: SAMPLE });
      expect(s).toMatchObject({ regions: false, regionsPending: true });
      expect((await seg.call('regionAt', { session: s.session, x: 100, y: 100 })).region).toBeNull();
      const stages: string[] = [];
      const pooled = await seg.call('regions', { session: s.session }, { onProgress: (p) => stages.push(p.stage) });
      expect(stages).toContain('segment');
      expect(pooled.rgba.length).toBe(s.previewWidth * s.previewHeight * 4);
      expect((await seg.call('regionAt', { session: s.session, x: 100, y: 100 })).region).not.toBeNull();
      // A project opens with its regions at once: its region choices need them.
      const path = join(dir, 'seg.tinct');
      await seg.call('saveProject', { session: s.session, path });
      expect(await seg.call('openProject', { path })).toMatchObject({ regions: true, regionsPending: false });
    } finally {
      await seg.close();
    }
  });
});
