/**
 * Region choices and strokes made on one frame of a video hold through that frame's shot,
 * following what they were made on: a first pass over the clip finds the shots and, in the shots
 * that carry hints, the motion (flow at half the working size, kept only while the shot lasts);
 * each hint's points are then followed back to the shot's first frame and on to its last.
 * Hints without a frame hold on every frame where they were put.
 */
import type { RegionChoice, Stroke } from '../document/edit-document.js';
import { CutDetector } from './shot-cuts.js';
import { motionBetween, type WorkFrame } from './work-frame.js';
import { sampleBilinear, type Flow } from './optical-flow.js';

export interface Hints {
  regions?: RegionChoice[];
  strokes?: Stroke[];
}
export interface FrameHints {
  regions: RegionChoice[];
  strokes: Stroke[];
}

export interface HintPlan {
  /** The hints of frame t, with their points moved to where their objects are on t. */
  at(t: number): FrameHints;
  /** The first frame of each shot. */
  shots: number[];
  frames: number;
}

type Pt = [number, number];

/** Where a point (full-resolution px) of frame t is on t − 1 (back) or t + 1 (forward), by `flow` (t → t − 1). */
function step(p: Pt, flow: Flow, width: number, back: boolean): Pt {
  const scale = flow.width / width;
  const at = (q: Pt): Pt => [
    sampleBilinear(flow.u, flow.width, flow.height, q[0] * scale - 0.5, q[1] * scale - 0.5) / scale,
    sampleBilinear(flow.v, flow.width, flow.height, q[0] * scale - 0.5, q[1] * scale - 0.5) / scale,
  ];
  if (back) {
    const d = at(p);
    return [p[0] + d[0], p[1] + d[1]];
  }
  // Forward with a backward flow: the q whose flow leads back to p (a few fixed-point steps).
  let q: Pt = p;
  for (let k = 0; k < 3; k++) {
    const d = at(q);
    q = [p[0] - d[0], p[1] - d[1]];
  }
  return q;
}

export async function planHints(
  frames: AsyncIterable<WorkFrame>,
  hints: Hints,
  width: number,
  height: number,
): Promise<HintPlan> {
  const regions = hints.regions ?? [],
    strokes = hints.strokes ?? [];
  const staticHints: FrameHints = {
    regions: regions.filter((c) => c.frame === undefined),
    strokes: strokes.filter((s) => s.frame === undefined),
  };
  const moved = new Map<number, FrameHints>();
  const framed = [...regions, ...strokes].flatMap((h) => (h.frame === undefined ? [] : [h.frame]));
  const shots: number[] = [];
  const cuts = new CutDetector();
  const clamp = (p: Pt): Pt => [Math.min(width - 1, Math.max(0, p[0])), Math.min(height - 1, Math.max(0, p[1]))];
  let prev: WorkFrame | null = null;
  let flows: Flow[] = []; // flows[k]: frame start + k → start + k − 1 (flows[0] unused)
  let start = 0,
    t = 0;

  const endShot = (end: number) => {
    const inShot = <T extends { frame?: number }>(list: T[]) =>
      list.filter((h) => h.frame !== undefined && h.frame >= start && h.frame < end);
    const rs = inShot(regions),
      ss = inShot(strokes);
    const track = (p: Pt, from: number): Pt[] => {
      const out: Pt[] = new Array(end - start);
      out[from - start] = p;
      for (let k = from; k > start; k--)
        out[k - 1 - start] = clamp(step(out[k - start], flows[k - start], width, true));
      for (let k = from; k < end - 1; k++)
        out[k + 1 - start] = clamp(step(out[k - start], flows[k + 1 - start], width, false));
      return out;
    };
    const rTracks = rs.map((c) => track(c.point, c.frame!));
    const sTracks = ss.map((s) => s.points.map((p) => track(p, s.frame!)));
    if (rs.length || ss.length)
      for (let k = start; k < end; k++)
        moved.set(k, {
          regions: rs.map((c, j) => ({ ...c, point: rTracks[j][k - start] })),
          strokes: ss.map((s, j) => ({ ...s, points: sTracks[j].map((tr) => tr[k - start]) })),
        });
    flows = [];
  };

  for await (const f of frames) {
    if (cuts.isCut(f.work.L, f.work.width, f.work.height) || !prev) {
      if (prev) endShot(t);
      start = t;
      shots.push(t);
      flows = [{ u: new Float32Array(0), v: new Float32Array(0), width: 0, height: 0 }];
    }
    // The motion is needed only in shots that may hold a hint (one made on this frame or later).
    else if (framed.some((n) => n >= start)) flows.push(motionBetween(prev, f).back);
    else flows.push(flows[0]);
    prev = f;
    t++;
  }
  endShot(t);
  return {
    shots,
    frames: t,
    at(k) {
      const m = moved.get(k);
      return m
        ? { regions: [...staticHints.regions, ...m.regions], strokes: [...staticHints.strokes, ...m.strokes] }
        : staticHints;
    },
  };
}
