/**
 * The pieces of video memory on a real photo (resources/samples/camera.png) moved by known
 * amounts: the flow finds the motion, the forward–backward check rejects what cannot be matched,
 * the memory carries a distribution along the motion, the cut detector tells shots apart.
 */
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { consistentFlow, denseFlow } from '../../src-main/engine/video/optical-flow.js';
import { TemporalMemory } from '../../src-main/engine/video/temporal-memory.js';
import { CutDetector } from '../../src-main/engine/video/shot-cuts.js';
import { ROOT } from '../helpers/paths.js';

const W = 128,
  H = 96;

/** L (0..100) of the sample photo at W × H, its window shifted by (dx, dy) pixels. */
async function view(dx: number, dy: number, file = 'camera.png'): Promise<Float32Array> {
  const big = await sharp(join(ROOT, 'resources', 'samples', file))
    .greyscale()
    .resize(W + 40, H + 40, { fit: 'cover' })
    .raw()
    .toBuffer();
  const L = new Float32Array(W * H);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) L[y * W + x] = (big[(y + 20 + dy) * (W + 40) + x + 20 + dx] * 100) / 255;
  return L;
}

function median(xs: Float32Array): number {
  const s = Array.from(xs).sort((a, b) => a - b);
  return s[s.length >> 1];
}

describe('optical flow', () => {
  it('finds a shift of the photo (to → from maps each pixel to where it was)', async () => {
    const from = await view(0, 0),
      to = await view(5, -3); // the camera moved right and up: content moved left and down
    const f = denseFlow(from, to, W, H);
    expect(median(f.u)).toBeCloseTo(5, 0);
    expect(median(f.v)).toBeCloseTo(-3, 0);
  });

  it('the forward–backward check trusts a clean shift and rejects unrelated content', async () => {
    const a = await view(0, 0),
      b = await view(3, 2);
    const ok = consistentFlow(denseFlow(a, b, W, H), denseFlow(b, a, W, H));
    const share = ok.reduce((s, v) => s + v, 0) / ok.length;
    expect(share).toBeGreaterThan(0.5);
    const other = await view(0, 0, 'coffee.png');
    const bad = consistentFlow(denseFlow(a, other, W, H), denseFlow(other, a, W, H));
    expect(bad.reduce((s, v) => s + v, 0) / bad.length).toBeLessThan(share - 0.2);
  });
});

describe('temporal memory', () => {
  const Q = 3,
    w = 4,
    h = 1;
  /** The network's output for per-pixel probabilities: log, channel-planar (data[q·n + i]). */
  const dist = (p: number[][]) => ({
    data: Float32Array.from({ length: Q * p.length }, (_, k) => Math.log(p[k % p.length][Math.floor(k / p.length)])),
    Q,
    width: w,
    height: h,
    stride: 4,
  });
  const same = (out: Float32Array, p: number[][]) =>
    p.forEach((px, i) => px.forEach((v, q) => expect(out[i * Q + q]).toBeCloseTo(Math.log(v), 5)));

  it('is the frame itself at μ = 0 and after a reset', () => {
    const m = new TemporalMemory(Q, w, h, 0);
    const a = dist([
      [0.8, 0.1, 0.1],
      [0.8, 0.1, 0.1],
      [0.1, 0.8, 0.1],
      [0.1, 0.1, 0.8],
    ]);
    same(m.update(a, null), [
      [0.8, 0.1, 0.1],
      [0.8, 0.1, 0.1],
      [0.1, 0.8, 0.1],
      [0.1, 0.1, 0.8],
    ]);
    const b = dist([
      [0.1, 0.8, 0.1],
      [0.1, 0.8, 0.1],
      [0.1, 0.8, 0.1],
      [0.1, 0.8, 0.1],
    ]);
    const zero = { u: new Float32Array(w), v: new Float32Array(w), trust: new Float32Array(w).fill(1) };
    same(m.update(b, zero), [
      [0.1, 0.8, 0.1],
      [0.1, 0.8, 0.1],
      [0.1, 0.8, 0.1],
      [0.1, 0.8, 0.1],
    ]);
  });

  it('pools the last frame moved along the flow, only where the flow is trusted', () => {
    const m = new TemporalMemory(Q, w, h, 0.5);
    // Frame 1: bin 0 at x = 0 only; frame 2: the content moved one cell right, the network unsure.
    m.update(
      dist([
        [0.9, 0.05, 0.05],
        [0.05, 0.9, 0.05],
        [0.05, 0.9, 0.05],
        [0.05, 0.9, 0.05],
      ]),
      null,
    );
    const flat = dist([
      [1 / 3, 1 / 3, 1 / 3],
      [1 / 3, 1 / 3, 1 / 3],
      [1 / 3, 1 / 3, 1 / 3],
      [1 / 3, 1 / 3, 1 / 3],
    ]);
    const out = m.update(flat, {
      u: Float32Array.of(0, -1, -1, -1),
      v: new Float32Array(w),
      trust: Float32Array.of(0, 1, 1, 1),
    });
    const p = (i: number, q: number) => Math.exp(out[i * Q + q]);
    // x = 1 came from x = 0: it remembers bin 0; x = 0 is untrusted: the present (flat) frame.
    expect(p(1, 0)).toBeGreaterThan(0.6);
    expect(p(0, 0)).toBeCloseTo(1 / 3, 5);
    expect(p(2, 1)).toBeGreaterThan(0.6);
    // Each cell stays a distribution.
    for (let i = 0; i < w; i++) expect(p(i, 0) + p(i, 1) + p(i, 2)).toBeCloseTo(1, 5);
  });
});

describe('shot cuts', () => {
  it('a cut between two photos, none within a shot', async () => {
    const d = new CutDetector();
    const cut = async (dx: number, dy: number, file?: string) => d.isCut(await view(dx, dy, file), W, H);
    expect(await cut(0, 0)).toBe(true); // the first frame starts a shot
    expect(await cut(4, 2)).toBe(false);
    expect(await cut(12, 8)).toBe(false); // a fast pan is still the same shot
    expect(await cut(0, 0, 'coffee.png')).toBe(true);
    expect(await cut(2, 2, 'coffee.png')).toBe(false);
    // A flash: the same picture gone nearly white.
    const flash = (await view(2, 2, 'coffee.png')).map((v) => Math.min(100, 3 * v + 40));
    expect(d.isCut(flash, W, H)).toBe(true);
  });
});
