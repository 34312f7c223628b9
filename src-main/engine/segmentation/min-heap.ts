/**
 * A binary min-heap of (key, id, stamp) triples in flat arrays, for the greedy merging: the
 * weakest boundary first. Stamps let a caller invalidate an entry lazily (a boundary whose
 * strength changed is pushed again with a new stamp and the old entry is skipped when popped),
 * which is cheaper than a decrease-key on a heap whose entries move.
 */
export class MinHeap {
  private keys: number[] = [];
  private ids: number[] = [];
  private stamps: number[] = [];

  get size(): number {
    return this.keys.length;
  }

  push(key: number, id: number, stamp = 0): void {
    const { keys, ids, stamps } = this;
    let i = keys.length;
    keys.push(key);
    ids.push(id);
    stamps.push(stamp);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(key, id, keys[p], ids[p])) break;
      keys[i] = keys[p];
      ids[i] = ids[p];
      stamps[i] = stamps[p];
      i = p;
    }
    keys[i] = key;
    ids[i] = id;
    stamps[i] = stamp;
  }

  /** Removes the smallest entry into `out` ([key, id, stamp]); false when empty. */
  pop(out: [number, number, number]): boolean {
    const { keys, ids, stamps } = this;
    const n = keys.length;
    if (n === 0) return false;
    out[0] = keys[0];
    out[1] = ids[0];
    out[2] = stamps[0];
    const key = keys[n - 1],
      id = ids[n - 1],
      stamp = stamps[n - 1];
    keys.pop();
    ids.pop();
    stamps.pop();
    const m = n - 1;
    if (m === 0) return true;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= m) break;
      if (c + 1 < m && this.less(keys[c + 1], ids[c + 1], keys[c], ids[c])) c++;
      if (!this.less(keys[c], ids[c], key, id)) break;
      keys[i] = keys[c];
      ids[i] = ids[c];
      stamps[i] = stamps[c];
      i = c;
    }
    keys[i] = key;
    ids[i] = id;
    stamps[i] = stamp;
    return true;
  }

  // Ties go to the smaller id, so the hierarchy is the same on every run and machine.
  private less(ka: number, ia: number, kb: number, ib: number): boolean {
    return ka < kb || (ka === kb && ia < ib);
  }
}
