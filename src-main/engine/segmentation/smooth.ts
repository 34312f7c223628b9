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
  // sigma = 1 (the superpixels' default) gives r = 3, written out in both passes: several times
  // faster than the loop over the kernel.
  const tmp = new Float32Array(w * h);
  const row = new Float32Array(w + 2 * r);
  for (let y = 0; y < h; y++) {
    const o = y * w;
    row.set(src.subarray(o, o + w), r);
    row.fill(src[o], 0, r);
    row.fill(src[o + w - 1], r + w);
    if (r === 3) {
      const [k0, k1, k2, k3, k4, k5, k6] = k;
      for (let x = 0; x < w; x++) {
        tmp[o + x] =
          k0 * row[x] +
          k1 * row[x + 1] +
          k2 * row[x + 2] +
          k3 * row[x + 3] +
          k4 * row[x + 4] +
          k5 * row[x + 5] +
          k6 * row[x + 6];
      }
    } else {
      for (let x = 0; x < w; x++) {
        let acc = 0;
        for (let i = 0; i <= 2 * r; i++) acc += k[i] * row[x + i];
        tmp[o + x] = acc;
      }
    }
  }
  // Vertical pass: each output row sums its 2r+1 source rows in one sweep (one write per pixel),
  // walking memory in order.
  const out = new Float32Array(w * h);
  const rows = new Int32Array(2 * r + 1);
  for (let y = 0; y < h; y++) {
    for (let i = -r; i <= r; i++) rows[i + r] = (y + i < 0 ? 0 : y + i >= h ? h - 1 : y + i) * w;
    const dst = y * w;
    if (r === 3) {
      const [k0, k1, k2, k3, k4, k5, k6] = k,
        [r0, r1, r2, r3, r4, r5, r6] = rows;
      for (let x = 0; x < w; x++) {
        out[dst + x] =
          k0 * tmp[r0 + x] +
          k1 * tmp[r1 + x] +
          k2 * tmp[r2 + x] +
          k3 * tmp[r3 + x] +
          k4 * tmp[r4 + x] +
          k5 * tmp[r5 + x] +
          k6 * tmp[r6 + x];
      }
    } else {
      for (let x = 0; x < w; x++) {
        let acc = 0;
        for (let i = 0; i <= 2 * r; i++) acc += k[i] * tmp[rows[i] + x];
        out[dst + x] = acc;
      }
    }
  }
  return out;
}
