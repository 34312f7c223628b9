/**
 * Undo/redo over snapshots of the edit document. Snapshots are whole documents (they are small
 * JSON), so undo is "set the previous document", the same path as any edit.
 */
export class History<T> {
  private past: T[] = [];
  private future: T[] = [];

  constructor(
    private current: T,
    private readonly limit = 500,
  ) {}

  get present(): T {
    return this.current;
  }
  get canUndo(): boolean {
    return this.past.length > 0;
  }
  get canRedo(): boolean {
    return this.future.length > 0;
  }

  /** A new edit: becomes the present; the redo list is dropped. Equal snapshots are not recorded. */
  push(next: T): boolean {
    if (JSON.stringify(next) === JSON.stringify(this.current)) return false;
    this.past.push(this.current);
    if (this.past.length > this.limit) this.past.shift();
    this.current = next;
    this.future = [];
    return true;
  }

  undo(): T | null {
    const prev = this.past.pop();
    if (prev === undefined) return null;
    this.future.push(this.current);
    this.current = prev;
    return prev;
  }

  redo(): T | null {
    const next = this.future.pop();
    if (next === undefined) return null;
    this.past.push(this.current);
    this.current = next;
    return next;
  }

  /** A new photo or project: forget everything. */
  reset(present: T): void {
    this.past = [];
    this.future = [];
    this.current = present;
  }
}
