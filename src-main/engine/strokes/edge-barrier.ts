/**
 * Edges the brush must stop at, read from the full-resolution lightness (issue 17). The stroke
 * solve runs on a grid of ~96 px (stroke-change.ts), whose lightness is an area average: a line
 * 2–3 px wide at full resolution (a trunk, a door frame) changes a cell's mean by a few L units
 * and the solve's weights let colour through it. So each pair of neighbouring solve cells also
 * gets a barrier factor in 0..1 from the full-resolution L on the way between their centres: how
 * far the lightness strays there outside the range it takes just behind each centre (a line
 * darker or brighter than both sides; texture reaches as far behind the centres as between
 * them, so it does not count). It is read in strips across the path, each averaged along the
 * strip (grain averages out, a line crossing the strip keeps its contrast), a strip passing
 * exp(−h²/2σ²) for an excursion h and the pair the mean over its strips (a line that covers only
 * some of them leaves a gap). The solve multiplies its weights by these factors. On BSDS500 val
 * at grid cells of 5 and 20 px, pairs inside one human segment keep 0.82 of their weight on
 * average, pairs across segments 0.70 (on top of the lightness weight, which tells those apart):
 * npm run eval:stroke-edges.
 */
import { resizeArea } from '../upsample/resample.js';

/** Factors on the solve grid: `right[i]` between cell i and i+1, `down[i]` between i and i+w. */
export interface Barrier {
  right: Float32Array;
  down: Float32Array;
}

/**
 * An excursion of this many L units passes e^-1/2 of the weight: film grain or paper texture
 * averaged over a strip strays 1–3 units (passes > 95 %); a line 30 units darker than both sides
 * passes e^-4.5 ≈ 1 %.
 */
const SIGMA_EXCURSION = 10;
/** Pixels the path reaches past each centre, keeping the windows off a line (up to 2·GAP − 1 px wide) on a centre. */
const GAP = 4;
/** Strips per cell side: a line tilted by up to ~1/4 of a cell over a strip still keeps most of its depth. */
const STRIPS = 4;

const starts = (N: number, n: number) => Int32Array.from({ length: n + 1 }, (_, c) => Math.floor((c * N) / n));
const centres = (N: number, n: number) =>
  Int32Array.from({ length: n }, (_, c) => Math.min(N - 1, Math.floor(((c + 0.5) * N) / n)));

/**
 * The barrier factors between the cells of a w×h solve grid over a W×H photo whose lightness is
 * `L` (full resolution). `grid`: the lightness on the solve grid (the cells' values).
 */
export function edgeBarrier(L: Float32Array, W: number, H: number, w: number, h: number, grid?: Float32Array): Barrier {
  const cell = grid ?? resizeArea(L, W, H, w, h);
  const k = -1 / (2 * SIGMA_EXCURSION * SIGMA_EXCURSION);
  // Entries for a neighbour outside the grid (last column of right, last row of down) stay 0, unread.
  const right = new Float32Array(w * h),
    down = new Float32Array(w * h);
  const rx = centres(W, w),
    ry = centres(H, h);
  const ys = starts(H, h),
    xs = starts(W, w);
  // The windows behind the centres: a quarter of a cell.
  const reachX = Math.max(2, Math.round(W / w / 4)),
    reachY = Math.max(2, Math.round(H / h / 4));
  // Horizontal neighbours: strips of rows, each averaged down its rows into a profile along x.
  const profile = new Float64Array(Math.max(W, H));
  for (let cy = 0; cy < h; cy++) {
    const rows = ys[cy + 1] - ys[cy];
    const strips = Math.max(1, Math.min(STRIPS, rows));
    for (let s = 0; s < strips; s++) {
      const y0 = ys[cy] + Math.floor((s * rows) / strips),
        y1 = ys[cy] + Math.floor(((s + 1) * rows) / strips);
      profile.fill(0, 0, W);
      for (let y = y0; y < y1; y++) for (let x = 0, o = y * W; x < W; x++) profile[x] += L[o + x];
      for (let x = 0; x < W; x++) profile[x] /= y1 - y0;
      for (let cx = 0; cx + 1 < w; cx++) {
        const i = cy * w + cx;
        right[i] += passing(profile, W, rx[cx], rx[cx + 1], reachX, cell[i], cell[i + 1], k) / strips;
      }
    }
  }
  // Vertical neighbours: strips of columns, each averaged across its columns into a profile along
  // y; all strips' profiles are summed in one pass down the rows (row-major, as L lies in memory).
  const stripStart: number[] = [],
    stripCell: number[] = [];
  for (let cx = 0; cx < w; cx++) {
    const cols = xs[cx + 1] - xs[cx];
    const strips = Math.max(1, Math.min(STRIPS, cols));
    for (let s = 0; s < strips; s++) {
      // Strips tile the columns: one ends where the next starts.
      stripStart.push(xs[cx] + Math.floor((s * cols) / strips));
      stripCell.push(cx);
    }
  }
  const S = stripStart.length;
  const columns = new Float64Array(S * H);
  // Strip-major (each strip's profile contiguous); each strip's run of a row summed in a local.
  for (let y = 0; y < H; y++)
    for (let st = 0, o = y * W; st < S; st++) {
      let sum = 0;
      for (let x = stripStart[st], end = st + 1 < S ? stripStart[st + 1] : W; x < end; x++) sum += L[o + x];
      columns[st * H + y] = sum;
    }
  const perCell = new Float64Array(w);
  for (let s = 0; s < S; s++) perCell[stripCell[s]]++;
  for (let s = 0; s < S; s++) {
    const cx = stripCell[s],
      width = (s + 1 < S ? stripStart[s + 1] : W) - stripStart[s];
    for (let y = 0; y < H; y++) profile[y] = columns[s * H + y] / width;
    for (let cy = 0; cy + 1 < h; cy++) {
      const i = cy * w + cx;
      down[i] += passing(profile, H, ry[cy], ry[cy + 1], reachY, cell[i], cell[i + w], k) / perCell[cx];
    }
  }
  return { right, down };
}

/**
 * exp(k·h²) for the excursion h of the profile between the centres `from` and `to` (widened by
 * GAP each way) outside the range the profile takes in a window behind each centre: texture
 * reaches about as far on the way as behind the ends, a line darker or brighter than both does
 * not. The gap keeps a line that sits on a centre out of that centre's window for one of its two
 * pairs. Without room for a window (the photo's border, a tiny photo) the cells' means stand in.
 */
function passing(
  profile: Float64Array,
  N: number,
  from: number,
  to: number,
  reach: number,
  e1: number,
  e2: number,
  k: number,
): number {
  let lo = Infinity,
    hi = -Infinity;
  for (let x = Math.max(0, from - GAP + 1); x <= Math.min(N - 1, to + GAP - 1); x++) {
    const v = profile[x];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  let wlo = Infinity,
    whi = -Infinity;
  const window = (x0: number, x1: number) => {
    for (let x = Math.max(0, x0); x <= Math.min(N - 1, x1); x++) {
      const v = profile[x];
      if (v < wlo) wlo = v;
      if (v > whi) whi = v;
    }
  };
  window(from - GAP - reach, from - GAP);
  window(to + GAP, to + GAP + reach);
  if (wlo === Infinity) {
    wlo = Math.min(e1, e2);
    whi = Math.max(e1, e2);
  }
  const ex = Math.max(0, hi - whi, wlo - lo);
  return Math.exp(k * ex * ex);
}

/**
 * The factors on the grid half the size (the solve's coarse start): a coarse pair's path crosses
 * three fine boundaries per fine row (inside the first block, between the blocks, inside the
 * second), which must all pass (product); the two fine rows are side by side (mean).
 */
export function coarserBarrier(b: Barrier, w: number, h: number, cw: number, ch: number): Barrier {
  const right = new Float32Array(cw * ch).fill(1),
    down = new Float32Array(cw * ch).fill(1);
  const along = (f: Float32Array, at: (i: number, j: number) => number, n: number, m: number, i: number, j: number) => {
    // Fine crossings 2i .. 2i+2 along the path (those that exist), fine lanes 2j, 2j+1 across it.
    let sum = 0,
      lanes = 0;
    for (let l = 2 * j; l < Math.min(2 * j + 2, m); l++, lanes++) {
      let pass = 1;
      for (let c = 2 * i; c <= Math.min(2 * i + 2, n - 2); c++) pass *= f[at(c, l)];
      sum += pass;
    }
    return lanes ? sum / lanes : 1;
  };
  for (let cy = 0; cy < ch; cy++)
    for (let cx = 0; cx < cw; cx++) {
      if (cx + 1 < cw) right[cy * cw + cx] = along(b.right, (c, l) => l * w + c, w, h, cx, cy);
      if (cy + 1 < ch) down[cy * cw + cx] = along(b.down, (c, l) => c * w + l, h, w, cy, cx);
    }
  return { right, down };
}
