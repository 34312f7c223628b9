import { describe, expect, it } from 'vitest';
import { inShard, parseShard, shardOf } from '../../src-main/engine/batch/shard.js';

const keys = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => `scan-${String(i + from).padStart(5, '0')}.tif`);

describe('shards', () => {
  it('put every input in exactly one of n shares, about evenly', () => {
    const all = keys(3000);
    const counts = [0, 0, 0, 0];
    for (const k of all) {
      const owners = [1, 2, 3, 4].filter((i) => inShard(k, { index: i, count: 4 }));
      expect(owners).toHaveLength(1);
      counts[owners[0] - 1]++;
    }
    for (const c of counts) expect(Math.abs(c - 750)).toBeLessThan(100); // ±3.7σ of a binomial(3000, 1/4)
  });

  it('keep each file in its share when files are added to the folder', () => {
    const before = new Map(keys(500).map((k) => [k, shardOf(k, 7)]));
    const after = [...keys(500), ...keys(200, 500)];
    for (const k of after) if (before.has(k)) expect(shardOf(k, 7)).toBe(before.get(k));
  });

  it('parse i/n with 1 ≤ i ≤ n and refuse anything else', () => {
    expect(parseShard('2/8')).toEqual({ index: 2, count: 8 });
    expect(parseShard(' 3 / 3 ')).toEqual({ index: 3, count: 3 });
    for (const bad of ['0/3', '4/3', 'x', '3', '1/0', '-1/3', '1.5/3', '1/3/4', ''])
      expect(() => parseShard(bad), bad).toThrow(/i\/n|1\.\.|at least 1/);
  });
});
