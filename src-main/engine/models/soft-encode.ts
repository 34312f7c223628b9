/**
 * A distribution around a predicted ab, for models that give one colour per pixel (DDColor,
 * DeOldify, the ECCV16 port): log p(q) = −|ab − c_q|² / 2σ² (up to a constant the engine's
 * log-softmax removes), channel-planar like a network's logits. Pooling, swatches, strokes and
 * export then work on it unchanged; a region's pool of such Gaussians is a Gaussian around the
 * region's mean ab, so its one swatch is that colour.
 */
export function softEncode(
  a: Float32Array,
  b: Float32Array,
  bins: readonly (readonly [number, number])[],
  sigma: number,
): Float32Array {
  const n = a.length;
  const Q = bins.length;
  const out = new Float32Array(Q * n);
  const k = 1 / (2 * sigma * sigma);
  for (let q = 0; q < Q; q++) {
    const [ca, cb] = bins[q];
    const plane = out.subarray(q * n, (q + 1) * n);
    for (let i = 0; i < n; i++) {
      const da = a[i] - ca,
        db = b[i] - cb;
      plane[i] = -(da * da + db * db) * k;
    }
  }
  return out;
}
