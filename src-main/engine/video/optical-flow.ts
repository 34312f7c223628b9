/**
 * Dense optical flow on lightness: pyramidal Lucas–Kanade with a box window (Bouguet's scheme,
 * evaluated densely), and the forward–backward check of Sundaram et al. (2010) that marks pixels
 * whose motion cannot be trusted (occluded, or out of the frame). Chosen for a CPU at the
 * network's working size (256 px long side: a few ms a pair in JavaScript), where OpenCV's
 * Farnebäck or DIS would mean shipping a native or 10 MB WebAssembly build for one function.
 */

export interface Flow {
  /** Displacement in pixels: frame `to`'s pixel x corresponds to `from`'s pixel x + (u, v). */
  u: Float32Array;
  v: Float32Array;
  width: number;
  height: number;
}

export interface FlowOptions {
  /** Pyramid levels (each halves the size): the largest motion found is about 2^levels · radius. */
  levels?: number;
  /** Gauss–Newton steps per level. */
  iterations?: number;
  /** Half-size of the square window the motion is assumed constant over. */
  radius?: number;
}

/** Tikhonov ridge of the 2×2 normal equations, in squared lightness units per pixel. */
const RIDGE = 1;

function half(img: Float32Array, w: number, h: number): { img: Float32Array; w: number; h: number } {
  const W = Math.max(1, w >> 1),
    H = Math.max(1, h >> 1);
  const out = new Float32Array(W * H);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const x0 = 2 * x,
        y0 = 2 * y,
        x1 = Math.min(w - 1, x0 + 1),
        y1 = Math.min(h - 1, y0 + 1);
      out[y * W + x] = 0.25 * (img[y0 * w + x0] + img[y0 * w + x1] + img[y1 * w + x0] + img[y1 * w + x1]);
    }
  return { img: out, w: W, h: H };
}

/** Mean over a (2r+1)² window, edges clamped; separable running sums. */
function boxFilter(
  src: Float32Array,
  w: number,
  h: number,
  r: number,
  tmp: Float32Array,
  out: Float32Array,
): Float32Array {
  for (let y = 0; y < h; y++) {
    const row = y * w;
    let s = 0;
    for (let k = -r; k <= r; k++) s += src[row + Math.min(w - 1, Math.max(0, k))];
    for (let x = 0; x < w; x++) {
      tmp[row + x] = s;
      s += src[row + Math.min(w - 1, x + r + 1)] - src[row + Math.max(0, x - r)];
    }
  }
  const norm = 1 / ((2 * r + 1) * (2 * r + 1));
  for (let x = 0; x < w; x++) {
    let s = 0;
    for (let k = -r; k <= r; k++) s += tmp[Math.min(h - 1, Math.max(0, k)) * w + x];
    for (let y = 0; y < h; y++) {
      out[y * w + x] = s * norm;
      s += tmp[Math.min(h - 1, y + r + 1) * w + x] - tmp[Math.max(0, y - r) * w + x];
    }
  }
  return out;
}

/** Bilinear sample of img at (x, y), clamped to the border. */
export function sampleBilinear(img: Float32Array, w: number, h: number, x: number, y: number): number {
  x = x < 0 ? 0 : x > w - 1 ? w - 1 : x;
  y = y < 0 ? 0 : y > h - 1 ? h - 1 : y;
  const x0 = x | 0,
    y0 = y | 0,
    x1 = x0 + 1 < w ? x0 + 1 : x0,
    y1 = y0 + 1 < h ? y0 + 1 : y0,
    fx = x - x0,
    fy = y - y0;
  const top = img[y0 * w + x0] * (1 - fx) + img[y0 * w + x1] * fx;
  const bottom = img[y1 * w + x0] * (1 - fx) + img[y1 * w + x1] * fx;
  return top * (1 - fy) + bottom * fy;
}

/** Flow that maps each pixel of `to` to where it was in `from` (both w × h lightness planes). */
export function denseFlow(from: Float32Array, to: Float32Array, w: number, h: number, opts: FlowOptions = {}): Flow {
  const levels = opts.levels ?? 4,
    iterations = opts.iterations ?? 4,
    r = opts.radius ?? 3;
  const pyrFrom = [{ img: from, w, h }],
    pyrTo = [{ img: to, w, h }];
  for (let l = 1; l < levels; l++) {
    const a = pyrFrom[l - 1],
      b = pyrTo[l - 1];
    if (a.w < 16 || a.h < 16) break;
    pyrFrom.push(half(a.img, a.w, a.h));
    pyrTo.push(half(b.img, b.w, b.h));
  }
  let u = new Float32Array(0),
    v = new Float32Array(0),
    pw = 0,
    ph = 0;
  for (let l = pyrTo.length - 1; l >= 0; l--) {
    const { img: I0, w: W, h: H } = pyrTo[l];
    const I1 = pyrFrom[l].img;
    const n = W * H;
    // The coarser level's flow, doubled, as the start.
    const u0 = new Float32Array(n),
      v0 = new Float32Array(n);
    if (pw) {
      const sx = pw / W,
        sy = ph / H;
      for (let y = 0; y < H; y++)
        for (let x = 0; x < W; x++) {
          const fx = (x + 0.5) * sx - 0.5,
            fy = (y + 0.5) * sy - 0.5;
          u0[y * W + x] = sampleBilinear(u, pw, ph, fx, fy) / sx;
          v0[y * W + x] = sampleBilinear(v, pw, ph, fx, fy) / sy;
        }
    }
    // Gradients of the template (to): the structure tensor stays fixed over the iterations.
    const Ix = new Float32Array(n),
      Iy = new Float32Array(n);
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        const i = y * W + x;
        Ix[i] = 0.5 * (I0[y * W + Math.min(W - 1, x + 1)] - I0[y * W + Math.max(0, x - 1)]);
        Iy[i] = 0.5 * (I0[Math.min(H - 1, y + 1) * W + x] - I0[Math.max(0, y - 1) * W + x]);
      }
    const tmp = new Float32Array(n),
      prod = new Float32Array(n);
    const tensor = (p: Float32Array, q: Float32Array) => {
      for (let i = 0; i < n; i++) prod[i] = p[i] * q[i];
      return boxFilter(prod, W, H, r, tmp, new Float32Array(n));
    };
    const Gxx = tensor(Ix, Ix),
      Gxy = tensor(Ix, Iy),
      Gyy = tensor(Iy, Iy);
    const e = new Float32Array(n),
      bx = new Float32Array(n),
      by = new Float32Array(n);
    for (let it = 0; it < iterations; it++) {
      for (let y = 0; y < H; y++)
        for (let x = 0; x < W; x++) {
          const i = y * W + x;
          e[i] = sampleBilinear(I1, W, H, x + u0[i], y + v0[i]) - I0[i];
        }
      for (let i = 0; i < n; i++) prod[i] = Ix[i] * e[i];
      boxFilter(prod, W, H, r, tmp, bx);
      for (let i = 0; i < n; i++) prod[i] = Iy[i] * e[i];
      boxFilter(prod, W, H, r, tmp, by);
      for (let i = 0; i < n; i++) {
        // A ridge keeps flat windows (no texture) from wild steps: they keep the coarse flow. A
        // step is at most a pixel: Gauss–Newton is only right near the answer.
        const a = Gxx[i] + RIDGE,
          b = Gxy[i],
          c = Gyy[i] + RIDGE;
        const det = a * c - b * b;
        const du = (c * bx[i] - b * by[i]) / det,
          dv = (a * by[i] - b * bx[i]) / det;
        const len = Math.hypot(du, dv);
        const k = len > 1 ? 1 / len : 1;
        u0[i] -= du * k;
        v0[i] -= dv * k;
      }
      // Smooth the field a little between steps (dense LK's usual regulariser): lone wrong steps
      // are pulled back to their neighbours'.
      boxFilter(u0, W, H, 1, tmp, prod);
      u0.set(prod);
      boxFilter(v0, W, H, 1, tmp, prod);
      v0.set(prod);
    }
    u = u0;
    v = v0;
    pw = W;
    ph = H;
  }
  return { u, v, width: w, height: h };
}

/**
 * 1 where `back` (to → from) and `fwd` (from → to) agree, i.e. following a pixel there and back
 * returns it within tolerance (Sundaram et al. 2010), and its match lies inside the frame; else 0.
 */
export function consistentFlow(back: Flow, fwd: Flow): Uint8Array {
  const { width: w, height: h } = back;
  const ok = new Uint8Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const bu = back.u[i],
        bv = back.v[i];
      const px = x + bu,
        py = y + bv;
      if (px < 0 || py < 0 || px > w - 1 || py > h - 1) continue;
      const fu = sampleBilinear(fwd.u, w, h, px, py),
        fv = sampleBilinear(fwd.v, w, h, px, py);
      const du = bu + fu,
        dv = bv + fv;
      ok[i] = du * du + dv * dv < 0.01 * (bu * bu + bv * bv + fu * fu + fv * fv) + 0.5 ? 1 : 0;
    }
  return ok;
}
