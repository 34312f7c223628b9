/** Resampling of float planes: area averaging down, bilinear up (centre-aligned), edge padding. */

/** Averages src (w×h) over the footprint of each destination pixel (W×H, W ≤ w, H ≤ h). */
export function resizeArea(src: Float32Array, w: number, h: number, W: number, H: number): Float32Array {
  if (W === w && H === h) return src.slice();
  const out = new Float32Array(W * H);
  const sx = w / W,
    sy = h / H;
  const row = new Float64Array(W);
  for (let Y = 0; Y < H; Y++) {
    row.fill(0);
    const y0 = Y * sy,
      y1 = (Y + 1) * sy;
    let wsum = 0;
    for (let y = Math.floor(y0); y < Math.min(h, Math.ceil(y1)); y++) {
      const wy = Math.min(y + 1, y1) - Math.max(y, y0);
      wsum += wy;
      const base = y * w;
      for (let X = 0; X < W; X++) {
        const x0 = X * sx,
          x1 = (X + 1) * sx;
        let acc = 0;
        for (let x = Math.floor(x0); x < Math.min(w, Math.ceil(x1)); x++) {
          acc += src[base + x] * (Math.min(x + 1, x1) - Math.max(x, x0));
        }
        row[X] += (acc / sx) * wy;
      }
    }
    for (let X = 0; X < W; X++) out[Y * W + X] = row[X] / wsum;
  }
  return out;
}

/**
 * Bilinear resize with pixel centres aligned (x_src = (x + 0.5) * w / W - 0.5), edges clamped.
 * scaleX/scaleY (source pixels per destination pixel) default to the sizes' ratio; a caller whose
 * source is a stride-s network output passes its own scale.
 */
export function resizeBilinear(
  src: Float32Array,
  w: number,
  h: number,
  W: number,
  H: number,
  scaleX = w / W,
  scaleY = h / H,
): Float32Array {
  const out = new Float32Array(W * H);
  const x0 = new Int32Array(W),
    x1 = new Int32Array(W),
    fx = new Float32Array(W);
  for (let X = 0; X < W; X++) {
    const s = Math.min(Math.max((X + 0.5) * scaleX - 0.5, 0), w - 1);
    x0[X] = Math.floor(s);
    x1[X] = Math.min(x0[X] + 1, w - 1);
    fx[X] = s - x0[X];
  }
  for (let Y = 0; Y < H; Y++) {
    const s = Math.min(Math.max((Y + 0.5) * scaleY - 0.5, 0), h - 1);
    const ya = Math.floor(s),
      yb = Math.min(ya + 1, h - 1),
      fy = s - ya;
    const ra = ya * w,
      rb = yb * w,
      o = Y * W;
    for (let X = 0; X < W; X++) {
      const top = src[ra + x0[X]] + (src[ra + x1[X]] - src[ra + x0[X]]) * fx[X];
      const bot = src[rb + x0[X]] + (src[rb + x1[X]] - src[rb + x0[X]]) * fx[X];
      out[o + X] = top + (bot - top) * fy;
    }
  }
  return out;
}

/** Pads src (w×h) by repeating its last row and column up to W×H. */
export function padEdge(src: Float32Array, w: number, h: number, W: number, H: number): Float32Array {
  if (W === w && H === h) return src;
  const out = new Float32Array(W * H);
  for (let y = 0; y < H; y++) {
    const sy = Math.min(y, h - 1) * w;
    out.set(src.subarray(sy, sy + w), y * W);
    out.fill(src[sy + w - 1], y * W + w, y * W + W);
  }
  return out;
}

/** The top-left w×h corner of a W-wide plane. */
export function crop(src: Float32Array, W: number, w: number, h: number): Float32Array {
  if (W === w) return src.slice(0, w * h);
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) out.set(src.subarray(y * W, y * W + w), y * w);
  return out;
}

/** Size with the long side at most `longSide`, keeping the aspect ratio, each side ≥ 1. */
export function fitLongSide(w: number, h: number, longSide: number): { width: number; height: number } {
  const s = Math.min(1, longSide / Math.max(w, h));
  return { width: Math.max(1, Math.round(w * s)), height: Math.max(1, Math.round(h * s)) };
}

/** Bilinear taps of a centre-aligned resize from n source samples to N: the same as resizeBilinear. */
export function taps(N: number, n: number) {
  const x0 = new Int32Array(N),
    x1 = new Int32Array(N),
    fx = new Float32Array(N);
  for (let X = 0; X < N; X++) {
    const s = Math.min(Math.max((X + 0.5) * (n / N) - 0.5, 0), n - 1);
    x0[X] = Math.floor(s);
    x1[X] = Math.min(x0[X] + 1, n - 1);
    fx[X] = s - x0[X];
  }
  return { x0, x1, fx };
}
