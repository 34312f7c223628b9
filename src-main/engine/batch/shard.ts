/**
 * `--shard i/n`: n processes, on one machine or many, each take the inputs of their share, and
 * together do every input exactly once. The share of an input is a hash of its key (its path
 * relative to the folder it was found in) mod n: the same on every machine and in every working
 * folder, needs no coordination, and a file added to the folder moves no other file to another
 * shard. Shares are even in expectation, not exactly (about ±√(N/n) files).
 */
import { createHash } from 'node:crypto';

export interface Shard {
  /** 1-based, as job runners count. */
  index: number;
  count: number;
}

/** Parses "i/n" with 1 ≤ i ≤ n; throws an Error whose message is the one line to show. */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new Error('expected i/n, e.g. 2/8 for the second of eight shares');
  const index = Number(m[1]),
    count = Number(m[2]);
  if (count < 1) throw new Error('n must be at least 1');
  if (index < 1 || index > count) throw new Error(`i must be in 1..${count} (shares count from 1)`);
  return { index, count };
}

/** The 1-based share of `key` among `count`. */
export function shardOf(key: string, count: number): number {
  const h = createHash('sha256').update(key.normalize('NFC'), 'utf8').digest();
  return (h.readUInt32BE(0) % count) + 1;
}

export function inShard(key: string, shard: Shard | undefined): boolean {
  return !shard || shard.count === 1 || shardOf(key, shard.count) === shard.index;
}
