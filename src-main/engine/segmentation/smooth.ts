/**
 * Separable Gaussian blur of a float plane, edges clamped. The watershed runs on a lightly
 * smoothed boundary map so that noise inside a flat region does not create a basin of its own.
 */
export function gaussianBlur(src: Float32Array, w: number, h: number, sigma: number): Float32Array {
  if (sigma <= 0) return src.slice();
  const r = Math.max(1, Math.ceil(3 * sigma));
  const k = new Float32Array(2 * r + 1);
  let s = 0;
  for (let i = -r; i <= r; i++) s += k[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma));
  for (let i = 0; i < k.length; i++) k[i] /= s;
  // Horizontal pass on a row padded by r clamped pixels each side, so the inner loop has no tests.
  const tmp = new Float32Array(w * h);
  const row = new Float32Array(w + 2 * r);
  for (let y = 0; y < h; y++) {
    const o = y * w;
    row.set(src.subarray(o, o + w), r);
    row.fill(src[o], 0, r);
    row.fill(src[o + w - 1], r + w);
    for (let x = 0; x < w; x++) {
      let acc = 0;
      for (let i = 0; i <= 2 * r; i++) acc += k[i] * row[x + i];
      tmp[o + x] = acc;
    }
  }
  // Vertical pass: whole rows at a time, which walks memory in order.
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const dst = y * w;
    for (let i = -r; i <= r; i++) {
      const yy = y + i < 0 ? 0 : y + i >= h ? h - 1 : y + i;
      const kk = k[i + r], src0 = yy * w;
      for (let x = 0; x < w; x++) out[dst + x] += kk * tmp[src0 + x];
    }
  }
  return out;
}
