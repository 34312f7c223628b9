/**
 * Autosave for every open photo and film (sessions.ts, video-sessions.ts): an edit schedules a
 * write a moment later unless one is already due (a slider drag is one write, not sixty); the
 * write is a project file written to a temporary name and renamed (project.ts); and the files this
 * process does not own are what the start screen offers to recover after a crash.
 */
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { TinctError } from '../errors.js';
import { readProject } from './project.js';
import type { Recoverable } from './protocol.js';

interface Entry {
  path: string;
  /** Writes the session's project to the path given. */
  write: (path: string) => Promise<void>;
  timer: NodeJS.Timeout | null;
  /** Edits since the last project save: their autosave is kept when the session is closed. */
  dirty: boolean;
}

export class Autosaver {
  private readonly entries = new Map<string, Entry>();

  constructor(
    readonly dir: string,
    private readonly delay = 2000,
  ) {}

  /** Starts autosaving a session; its file is named after the source and the session. */
  track(id: string, source: string, write: (path: string) => Promise<void>): void {
    const path = join(this.dir, `${basename(source).replace(/[^\w.-]+/g, '_')}.${id.slice(0, 8)}.tinct`);
    this.entries.set(id, { path, write, timer: null, dirty: false });
  }

  /**
   * The session `to` takes over `from`'s autosave file and unsaved state (the same photo opened
   * with another model: one photo, one recoverable file); `from` is no longer tracked.
   */
  handOver(from: string, to: string): void {
    const old = this.entry(from),
      next = this.entry(to);
    if (old.timer) clearTimeout(old.timer);
    this.entries.delete(from);
    next.path = old.path;
    next.dirty = old.dirty;
    if (next.dirty) this.schedule(to, next);
  }

  /** An edit: the session's autosave is written `delay` ms after the first edit not yet written. */
  edited(id: string): void {
    const e = this.entry(id);
    e.dirty = true;
    this.schedule(id, e);
  }

  /** The project was saved: nothing to recover, so the autosave goes. */
  async saved(id: string): Promise<void> {
    const e = this.entry(id);
    e.dirty = false;
    this.cancel(e);
    await rm(e.path, { force: true });
  }

  /**
   * Closing keeps unsaved edits recoverable: their autosave is written now and stays until the user
   * recovers or discards it; a session without unsaved edits leaves nothing behind.
   */
  async close(id: string): Promise<void> {
    const e = this.entries.get(id);
    if (!e) return;
    if (e.dirty) await this.saveNow(id);
    else this.cancel(e);
    this.entries.delete(id);
    if (!e.dirty) await rm(e.path, { force: true });
  }

  /** Writes every pending autosave now (on shutdown). */
  async flush(): Promise<void> {
    await Promise.all([...this.entries].filter(([, e]) => e.dirty).map(([id]) => this.saveNow(id)));
  }

  /** The autosaves in the folder that no open session owns, newest first. */
  async recoverable(): Promise<Recoverable[]> {
    const mine = new Set([...this.entries.values()].map((e) => e.path));
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    const out: Recoverable[] = [];
    for (const n of names.filter((n) => n.endsWith('.tinct'))) {
      const path = join(this.dir, n);
      if (mine.has(path)) continue;
      try {
        const project = await readProject(path);
        out.push({ path, source: project.source, savedAt: (await stat(path)).mtime.toISOString() });
      } catch {
        // An unreadable autosave is not worth offering; it stays for a person to look at.
      }
    }
    return out.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
  }

  async discard(path: string): Promise<void> {
    // Only files in the autosave folder: this is not a general delete.
    if (join(this.dir, basename(path)) !== path || !path.endsWith('.tinct'))
      throw new TinctError(path, 'not an autosave file');
    await rm(path, { force: true });
  }

  private async saveNow(id: string): Promise<void> {
    const e = this.entries.get(id);
    if (!e) return;
    this.cancel(e);
    await mkdir(this.dir, { recursive: true });
    await e.write(e.path);
  }

  private schedule(id: string, e: Entry): void {
    if (e.timer) return;
    e.timer = setTimeout(() => {
      e.timer = null;
      this.saveNow(id).catch(() => undefined);
    }, this.delay);
  }

  private cancel(e: Entry): void {
    if (e.timer) clearTimeout(e.timer);
    e.timer = null;
  }

  private entry(id: string): Entry {
    const e = this.entries.get(id);
    if (!e) throw new TinctError('', 'that session is no longer open (reopen it)', { code: 'not-found' });
    return e;
  }
}
