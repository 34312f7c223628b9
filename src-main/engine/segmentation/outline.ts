/**
 * Outlines of a pixel set as closed polylines along the pixel cracks, for drawing a selected
 * region. Each boundary crack becomes a directed edge with the region on its right (y grows
 * down); following edges end to start gives closed loops, one per outer border or hole. Points
 * are pixel corners in the image's coordinates (a pixel (x, y) spans [x, x+1] × [y, y+1]), only
 * where the direction turns.
 */
export type Polyline = number[]; // x0, y0, x1, y1, … closed (the last point joins the first)

const DX = [1, 0, -1, 0],
  DY = [0, 1, 0, -1]; // right, down, left, up

export function outline(
  inside: (x: number, y: number) => boolean,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
): Polyline[] {
  const bw = x1 - x0 + 1,
    bh = y1 - y0 + 1,
    vw = bw + 1;
  const vertex = (x: number, y: number) => (y - y0) * vw + (x - x0);
  const start: number[] = [],
    dir: number[] = [];
  const outA = new Int32Array(vw * (bh + 1)).fill(-1),
    outB = new Int32Array(vw * (bh + 1)).fill(-1);
  const addEdge = (x: number, y: number, d: number) => {
    const v = vertex(x, y),
      e = start.length;
    start.push(v);
    dir.push(d);
    if (outA[v] < 0) outA[v] = e;
    else outB[v] = e;
  };
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      if (!inside(x, y)) continue;
      if (y === y0 || !inside(x, y - 1)) addEdge(x, y, 0); // top, heading right
      if (x === x1 || !inside(x + 1, y)) addEdge(x + 1, y, 1); // right side, heading down
      if (y === y1 || !inside(x, y + 1)) addEdge(x + 1, y + 1, 2); // bottom, heading left
      if (x === x0 || !inside(x - 1, y)) addEdge(x, y + 1, 3); // left side, heading up
    }
  }
  const used = new Uint8Array(start.length);
  const loops: Polyline[] = [];
  for (let e0 = 0; e0 < start.length; e0++) {
    if (used[e0]) continue;
    const pts: number[] = [];
    let e = e0,
      prev = -1;
    for (;;) {
      used[e] = 1;
      const v = start[e];
      if (dir[e] !== prev) pts.push(x0 + (v % vw), y0 + Math.floor(v / vw));
      prev = dir[e];
      const end = vertex(x0 + (v % vw) + DX[dir[e]], y0 + Math.floor(v / vw) + DY[dir[e]]);
      // Every vertex has as many edges in as out, so the walk can only stop where it started.
      const a = outA[end],
        b = outB[end];
      if (a >= 0 && !used[a]) e = a;
      else if (b >= 0 && !used[b]) e = b;
      else break;
    }
    // The first point is not a corner when the loop ends heading the way it started.
    if (prev === dir[e0] && pts.length > 2) pts.splice(0, 2);
    loops.push(pts);
  }
  return loops;
}
