/**
 * A brush stroke as the grid pixels it covers (the hard constraints of the solve, and the
 * brush's own pixels on the preview).
 */

/** Grid pixels within `radius` of a polyline (grid units), for rasterising a brush stroke. */
export function rasteriseStroke(points: [number, number][], radius: number, w: number, h: number): number[] {
  const hit = new Set<number>();
  const r = Math.max(radius, 0.5),
    r2 = r * r;
  const segs = points.length === 1 ? [[points[0], points[0]]] : points.slice(1).map((p, i) => [points[i], p]);
  for (const [[x0, y0], [x1, y1]] of segs) {
    const minX = Math.max(0, Math.floor(Math.min(x0, x1) - r)),
      maxX = Math.min(w - 1, Math.ceil(Math.max(x0, x1) + r));
    const minY = Math.max(0, Math.floor(Math.min(y0, y1) - r)),
      maxY = Math.min(h - 1, Math.ceil(Math.max(y0, y1) + r));
    const dx = x1 - x0,
      dy = y1 - y0,
      len2 = dx * dx + dy * dy;
    for (let y = minY; y <= maxY; y++)
      for (let x = minX; x <= maxX; x++) {
        const px = x + 0.5,
          py = y + 0.5;
        const t = len2 > 0 ? Math.min(1, Math.max(0, ((px - x0) * dx + (py - y0) * dy) / len2)) : 0;
        const ex = px - (x0 + t * dx),
          ey = py - (y0 + t * dy);
        if (ex * ex + ey * ey <= r2) hit.add(y * w + x);
      }
  }
  return [...hit];
}
