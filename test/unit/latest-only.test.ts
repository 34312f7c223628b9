import { describe, expect, it } from 'vitest';
import { latestOnly } from '../../src-renderer/lib/latest-only.js';

describe('latestOnly (the canvas hover)', () => {
  it('runs one call at a time and, of the arguments that arrive meanwhile, only the newest', async () => {
    const seen: number[] = [];
    let running = 0,
      most = 0;
    const hover = latestOnly(async (n: number) => {
      running++;
      most = Math.max(most, running);
      seen.push(n);
      await new Promise((r) => setTimeout(r, 10));
      running--;
    });
    const first = hover(1);
    for (let n = 2; n <= 5; n++) void hover(n);
    await first;
    expect(seen).toEqual([1, 5]);
    expect(most).toBe(1);
    await hover(6);
    expect(seen).toEqual([1, 5, 6]);
  });
});
