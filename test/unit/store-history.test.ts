import { describe, expect, it } from 'vitest';
import { History } from '../../src-renderer/lib/history.js';

describe('undo history (the editor store)', () => {
  it('undoes and redoes snapshots in order', () => {
    const h = new History({ t: 1 });
    expect(h.canUndo).toBe(false);
    h.push({ t: 2 });
    h.push({ t: 3 });
    expect(h.undo()).toEqual({ t: 2 });
    expect(h.undo()).toEqual({ t: 1 });
    expect(h.undo()).toBeNull();
    expect(h.redo()).toEqual({ t: 2 });
    expect(h.present).toEqual({ t: 2 });
    expect(h.canRedo).toBe(true);
  });

  it('drops the redo list on a new edit and ignores no-op edits', () => {
    const h = new History({ t: 1 });
    h.push({ t: 2 });
    h.undo();
    expect(h.push({ t: 1 })).toBe(false);
    expect(h.canRedo).toBe(true);
    h.push({ t: 5 });
    expect(h.canRedo).toBe(false);
    expect(h.undo()).toEqual({ t: 1 });
  });

  it('keeps at most its limit of steps and forgets everything on reset', () => {
    const h = new History(0, 3);
    for (let i = 1; i <= 10; i++) h.push(i);
    let n = 0;
    while (h.undo() !== null) n++;
    expect(n).toBe(3);
    h.reset(42);
    expect([h.present, h.canUndo, h.canRedo]).toEqual([42, false, false]);
  });
});
