/**
 * One decoded frame at the sizes the pipeline needs: L at full resolution (what the output keeps)
 * and at the network's working size (what the network, the flow and the cut detector see).
 */
import type { GreyImage } from '../image/read-image.js';
import { reduceLightness, type Plane } from '../session/stages.js';
import { lightnessOfRgb8 } from './frame-lightness.js';
import { consistentFlow, denseFlow, type Flow } from './optical-flow.js';

export interface WorkFrame {
  img: GreyImage;
  work: Plane;
  /** `work` at half size, where the flow is found: made once, on first use (as `cur`, then as `prev`). */
  half?: Plane;
}

export function workFrame(
  name: string,
  rgb: Uint8Array,
  width: number,
  height: number,
  workingSize: number,
): WorkFrame {
  const img: GreyImage = { name, width, height, L: lightnessOfRgb8(rgb), alpha: null, bitDepth: 8, notes: [] };
  return { img, work: reduceLightness(img, workingSize) };
}

/**
 * Flow from `cur` back to `prev` and which of its pixels passed the forward–backward check, at
 * half the working size: still twice the network's output grid (stride 4) the memory moves
 * along, at a quarter of the cost.
 */
export function motionBetween(prev: WorkFrame, cur: WorkFrame): { back: Flow; trusted: Uint8Array } {
  const p = halfOf(prev),
    c = halfOf(cur);
  const back = denseFlow(p.L, c.L, c.width, c.height, { levels: 3 });
  const fwd = denseFlow(c.L, p.L, c.width, c.height, { levels: 3 });
  return { back, trusted: consistentFlow(back, fwd) };
}

function halfOf(f: WorkFrame): Plane {
  return (f.half ??= reduceLightness(f.work, Math.max(f.work.width, f.work.height) / 2));
}
