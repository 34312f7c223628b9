import { describe, expect, it } from 'vitest';
import { Dispatcher, type Engine } from '../../src-main/api/dispatch.js';
import { RequestSchema, validateParams } from '../../src-main/api/contract/validate.js';
import { CancelledError } from '../../src-main/engine/errors.js';

const doc = {
  version: 1,
  source: { name: 'a.png', width: 10, height: 8 },
  settings: { temperature: 0.38, consistency: 0.6 },
  regions: [{ point: [1, 2], level: 0.3, swatch: 1 }],
  strokes: [
    {
      id: 's1',
      points: [
        [1, 1],
        [4, 4],
      ],
      radius: 3,
      ab: [10, -20],
    },
    { id: 's2', points: [[2, 2]], radius: 3, ab: null },
  ],
};

describe('api validation', () => {
  it('accepts every well-formed request', () => {
    const good: [string, unknown][] = [
      ['info', {}],
      ['open', { path: '/photos/a.png' }],
      ['open', { upload: 'abc' }],
      ['close', { session: 's' }],
      ['render', { session: 's', which: 'grey' }],
      ['setDocument', { session: 's', document: doc }],
      ['regionAt', { session: 's', x: 3, y: 4 }],
      ['regionAt', { session: 's', x: 3, y: 4, level: 2 }],
      ['sampleColour', { session: 's', x: 0, y: 0 }],
      ['export', { session: 's', path: '/o.tif', format: 'tiff', bits: 16 }],
      ['saveProject', { session: 's', path: '/p.tinct' }],
      ['openProject', { path: '/p.tinct' }],
      ['listRecoverable', {}],
      ['discardRecoverable', { path: '/x.tinct' }],
      ['videoFrame', { session: 's', frame: 12 }],
      ['videoShots', { session: 's' }],
      ['planHints', { session: 's' }],
      ['exportVideo', { session: 's', path: '/o.mp4', kind: 'h264', crf: 18, from: 0, to: 99 }],
      ['exportVideo', { session: 's', path: '/o.mkv', kind: 'ffv1' }],
      ['setDocument', { session: 's', document: { ...doc, temporal: 0.6 } }],
    ];
    for (const [m, p] of good) expect(validateParams(m, p), m).toMatchObject({ ok: true, method: m });
  });

  it('refuses malformed requests with one line naming the field', () => {
    const bad: [string, unknown, RegExp][] = [
      ['nope', {}, /unknown request "nope"/],
      ['open', { path: '' }, /bad open request/],
      ['open', { path: '/a.png', extra: 1 }, /bad open request/],
      ['render', { session: 's', which: 'sepia' }, /which/],
      ['export', { session: 's', path: '/o.jpg', format: 'jpeg', bits: 16 }, /JPEG is 8-bit only/],
      ['export', { session: 's', path: '/o.tif', format: 'tiff', bits: 12 }, /bits/],
      ['setDocument', { session: 's', document: { ...doc, version: 2 } }, /document\.version/],
      [
        'setDocument',
        { session: 's', document: { ...doc, settings: { temperature: 0.4, consistency: 3 } } },
        /consistency/,
      ],
      ['regionAt', { session: 's', x: Number.NaN, y: 0 }, /x/],
      ['openProject', { path: 'a\0b' }, /NUL/],
      ['info', { sneaky: true }, /bad info request/],
      ['videoFrame', { session: 's', frame: -1 }, /frame/],
      ['videoFrame', { session: 's', frame: 1.5 }, /frame/],
      ['exportVideo', { session: 's', path: '/o.mp4', kind: 'h264', crf: 60 }, /crf/],
      ['exportVideo', { session: 's', path: '/o.mp4', kind: 'vp9' }, /kind/],
      [
        'exportVideo',
        { session: 's', path: '/o.mp4', kind: 'h264', from: 9, to: 3 },
        /the range ends before it starts/,
      ],
      ['setDocument', { session: 's', document: { ...doc, temporal: 2 } }, /temporal/],
    ];
    for (const [m, p, why] of bad) {
      const r = validateParams(m, p);
      expect(r.ok, m).toBe(false);
      if (!r.ok) {
        expect(r.error).toMatch(why);
        expect(r.error).not.toContain('\n');
      }
    }
  });

  it('knows requests from cancels and nothing else', () => {
    expect(RequestSchema.safeParse({ id: 1, method: 'info', params: {} }).success).toBe(true);
    expect(RequestSchema.safeParse({ cancel: 'job-1' }).success).toBe(true);
    expect(RequestSchema.safeParse({ id: -1, method: 'info' }).success).toBe(false);
    expect(RequestSchema.safeParse({ id: 1, method: 'rm -rf' }).success).toBe(false);
    expect(RequestSchema.safeParse('info').success).toBe(false);
  });
});

describe('dispatcher', () => {
  const calls: [string, unknown][] = [];
  const engine: Engine = {
    call: (method, params, opts) => {
      calls.push([method, params]);
      if (method === 'export') {
        opts?.onProgress?.({ stage: 'encode', fraction: 0 });
        return new Promise((_, reject) => opts?.signal?.addEventListener('abort', () => reject(new CancelledError())));
      }
      if (method === 'close') return Promise.reject(new Error('that photo is no longer open\n  at somewhere'));
      return Promise.resolve({ ok: method } as never);
    },
  };

  it('turns an upload id into bytes, once', async () => {
    const uploads = new Map([['u1', { name: 'x.png', bytes: new Uint8Array([1, 2]) }]]);
    const d = new Dispatcher(engine, (id) => {
      const u = uploads.get(id) ?? null;
      uploads.delete(id);
      return u;
    });
    expect(await d.handle('open', { upload: 'u1' }, undefined, () => {})).toMatchObject({ ok: true });
    expect(calls.at(-1)).toEqual(['open', { name: 'x.png', bytes: new Uint8Array([1, 2]) }]);
    expect(await d.handle('open', { upload: 'u1' }, undefined, () => {})).toMatchObject({
      ok: false,
      error: { code: 'not-found', message: expect.stringContaining('upload') },
    });
  });

  it('reports progress, cancels by job id, and keeps errors to one line', async () => {
    const d = new Dispatcher(engine);
    const progress: unknown[] = [];
    const job = d.handle('export', { session: 's', path: '/o.tif', format: 'tiff', bits: 8 }, 'job-1', (p) =>
      progress.push(p),
    );
    await new Promise((r) => setTimeout(r, 5));
    d.cancel('job-1');
    expect(await job).toEqual({ ok: false, error: { code: 'cancelled', message: 'cancelled' } });
    expect(progress).toEqual([{ stage: 'encode', fraction: 0 }]);
    // An error that is not the engine's own is internal, and still one line.
    expect(await d.handle('close', { session: 's' }, undefined, () => {})).toEqual({
      ok: false,
      error: { code: 'internal', message: 'that photo is no longer open' },
    });
    const before = calls.length;
    expect(await d.handle('render', { session: 's' }, undefined, () => {})).toMatchObject({
      ok: false,
      error: { code: 'bad-input', message: expect.stringMatching(/^bad render request: which/) },
    });
    expect(calls.length).toBe(before); // invalid requests never reach the engine
  });
});
