/**
 * File access only through paths the user chose: a path reaches the engine only after a dialog
 * returned it, a drop named it, or it is in the recent files. A page that got in some other way
 * cannot make Tinct read or write anything else.
 */
import { resolve } from 'node:path';

const PATH_OF: Record<string, (p: Record<string, unknown>) => unknown> = {
  open: (p) => p.path,
  export: (p) => p.path,
  exportVideo: (p) => p.path,
  saveProject: (p) => p.path,
  openProject: (p) => p.path,
};

export class PathGrants {
  private readonly allowed = new Set<string>();

  allow(path: string): void {
    if (path) this.allowed.add(resolve(path));
  }

  /** Null when the request may go on; else the one-line reason it may not. */
  check(method: unknown, params: unknown): string | null {
    const get = typeof method === 'string' ? PATH_OF[method] : undefined;
    if (!get || typeof params !== 'object' || params === null) return null;
    const path = get(params as Record<string, unknown>);
    if (typeof path !== 'string') return null;
    return this.allowed.has(resolve(path)) ? null : `${path}: choose it with a file dialog first`;
  }
}
