/**
 * Errors cross the bridges as data: a cancelled job, a bad file and a missing one arrive with
 * their codes (contract/common.ts ApiError) through the browser shell's WebSocket and through the
 * engine worker's client, and the engine's answers fit the contract's result schemas.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  EngineInfoSchema,
  SessionInfoSchema,
  SocketReplySchema,
  type SocketReply,
} from '../../src-main/api/contract/index.js';
import { CancelledError, TinctError } from '../../src-main/engine/errors.js';
import { EngineWorker } from '../../src-main/engine/worker/client.js';
import { startServer, type RunningServer } from '../../src-main/web/server.js';
import { ROOT, TINY_MODEL, tempDir } from '../helpers/paths.js';

const SAMPLE = join(ROOT, 'resources', 'samples', 'camera.png');
const dir = tempDir('tinct-contract-');
const notAnImage = join(dir, 'notes.png');
const big = join(dir, 'big.jpg');
let engine: EngineWorker;
let server: RunningServer;
let ws: WebSocket;

beforeAll(async () => {
  writeFileSync(notAnImage, 'this is text, not a PNG\n');
  // Large enough that its export has stages to cancel between.
  await sharp(SAMPLE).resize(2400, 1800, { fit: 'fill' }).jpeg().toFile(big);
  engine = new EngineWorker({ model: TINY_MODEL, stateDir: join(dir, 'state') });
  await engine.ready;
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir);
  server = await startServer({ engine, rendererDir });
  ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/ws?token=${server.token}`);
  await new Promise((r) => ws.once('open', r));
}, 60_000);
afterAll(async () => {
  ws?.close();
  await server?.close();
  await engine?.close();
});

let nextId = 1;
type SocketAnswer = Exclude<SocketReply, { progress: unknown }>;

/** One request over the socket; `onProgress` sees its progress events (text frames) before the answer. */
function request(method: string, params: unknown, jobId?: string, onProgress?: () => void): Promise<SocketAnswer> {
  const id = nextId++;
  return new Promise((resolve) => {
    const onMessage = (data: Buffer, isBinary: boolean) => {
      // A preview comes as a binary frame: 4-byte header length, the JSON header, the pixels.
      const text = isBinary ? data.subarray(4, 4 + data.readUInt32LE(0)).toString() : String(data);
      const reply = SocketReplySchema.parse(JSON.parse(text));
      if (reply.id !== id) return;
      if ('progress' in reply) return onProgress?.();
      ws.off('message', onMessage);
      resolve(reply);
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ id, method, params, ...(jobId ? { jobId } : {}) }));
  });
}

describe('errors as data through the browser shell', () => {
  it('a missing file is not-found, a file that is no image is bad-input, one line naming the file', async () => {
    expect(await request('open', { path: join(dir, 'nope.png') })).toEqual({
      id: expect.any(Number),
      ok: false,
      error: { code: 'not-found', message: `${join(dir, 'nope.png')}: no such file` },
    });
    const bad = await request('open', { path: notAnImage });
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'bad-input', message: expect.stringContaining(notAnImage) },
    });
    expect(bad.ok === false && bad.error.message).not.toContain('\n');
    // Refused by the contract before the engine: bad-input too.
    expect(await request('export', { session: 'x', path: '/tmp/a.jpg', format: 'jpeg', bits: 16 })).toMatchObject({
      ok: false,
      error: { code: 'bad-input', message: expect.stringContaining('JPEG is 8-bit only') },
    });
    expect(await request('open', { upload: 'gone' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('a cancelled export is cancelled, and leaves no file', async () => {
    const opened = await request('open', { path: big });
    if (!opened.ok) throw new Error('the photo did not open');
    const info = SessionInfoSchema.parse(opened.result);
    let cancelSent = false;
    const answer = await request(
      'export',
      { session: info.session, path: join(dir, 'out.tif'), format: 'tiff', bits: 16 },
      'job-export',
      () => {
        if (cancelSent) return;
        cancelSent = true;
        ws.send(JSON.stringify({ cancel: 'job-export' }));
      },
    );
    expect(cancelSent).toBe(true);
    expect(answer).toMatchObject({ ok: false, error: { code: 'cancelled', message: 'cancelled' } });
    expect(readdirSync(dir).filter((n) => n.includes('out.tif'))).toEqual([]);
    expect(await request('close', { session: info.session })).toMatchObject({ ok: true });
  });
});

describe('errors as data through the worker client', () => {
  it('throws a bad file as a TinctError with its code, and a cancel as a CancelledError', async () => {
    const missing = await engine.call('open', { path: join(dir, 'nope.png') }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(TinctError);
    expect(missing).toMatchObject({ code: 'not-found', message: `${join(dir, 'nope.png')}: no such file` });
    const bad = await engine.call('open', { path: notAnImage }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(TinctError);
    expect(bad).toMatchObject({ code: 'bad-input', message: expect.stringContaining(notAnImage) });

    const info = SessionInfoSchema.parse(await engine.call('open', { path: big }));
    const abort = new AbortController();
    const job = engine.call(
      'export',
      { session: info.session, path: join(dir, 'out2.tif'), format: 'tiff', bits: 16 },
      { signal: abort.signal, onProgress: () => abort.abort() },
    );
    await expect(job).rejects.toBeInstanceOf(CancelledError);
    expect(readdirSync(dir).filter((n) => n.includes('out2.tif'))).toEqual([]);
    await engine.call('close', { session: info.session });
  });

  it('answers with what the contract says', async () => {
    const info = EngineInfoSchema.parse(await engine.call('info', {}));
    expect(info.exportFormats.find((f) => f.format === 'jpeg')?.bits).toEqual([8]);
    const opened = await engine.call('open', { path: SAMPLE });
    expect(SessionInfoSchema.safeParse(opened).error).toBeUndefined();
    await engine.call('close', { session: opened.session });
  });
});
