import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Autosaver } from '../../src-main/engine/worker/autosaver.js';
import { writeProject } from '../../src-main/engine/worker/project.js';
import { newDocument } from '../../src-main/engine/document/edit-document.js';
import { tempDir } from '../helpers/paths.js';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A session's writer that counts its writes, each a real project file written through project.ts. */
function writer(source: string): { writes: number; fn: (path: string) => Promise<void> } {
  const counted = { writes: 0, fn: (path: string) => writeProject(path, source, newDocument('p.jpg', 10, 10, 0.38)) };
  const write = counted.fn;
  counted.fn = (path) => {
    counted.writes++;
    return write(path);
  };
  return counted;
}

describe('autosaver', () => {
  it('writes once after a burst of edits, keeps a closed unsaved session recoverable, not an open one', async () => {
    const dir = join(tempDir(), 'autosave');
    const saver = new Autosaver(dir, 30);
    const a = writer('/photos/a.jpg');
    saver.track('aaaaaaaa-1', '/photos/a.jpg', a.fn);
    for (let i = 0; i < 5; i++) saver.edited('aaaaaaaa-1');
    await wait(120);
    expect(a.writes).toBe(1);
    // Written to a temporary name and renamed: only the autosave is in the folder.
    expect(readdirSync(dir)).toEqual(['a.jpg.aaaaaaaa.tinct']);
    expect(await saver.recoverable()).toEqual([]); // its session is still open
    await saver.close('aaaaaaaa-1');
    const found = await saver.recoverable();
    expect(found.map((r) => [r.path, r.source])).toEqual([[join(dir, 'a.jpg.aaaaaaaa.tinct'), '/photos/a.jpg']]);
    await saver.discard(found[0].path);
    expect(await saver.recoverable()).toEqual([]);
    await expect(saver.discard('/etc/passwd')).rejects.toThrow('not an autosave file');
  });

  it('leaves nothing for a session saved or closed without edits; hands a file over to a reopened one', async () => {
    const dir = join(tempDir(), 'autosave');
    const saver = new Autosaver(dir, 30);
    const b = writer('/photos/b.png');
    saver.track('bbbbbbbb-1', '/photos/b.png', b.fn);
    saver.edited('bbbbbbbb-1');
    await saver.flush();
    expect(b.writes).toBe(1);
    await saver.saved('bbbbbbbb-1');
    await saver.close('bbbbbbbb-1');
    await wait(60);
    expect(b.writes).toBe(1);
    expect(readdirSync(dir)).toEqual([]);

    const c = writer('/photos/c.png'),
      d = writer('/photos/c.png');
    saver.track('cccccccc-1', '/photos/c.png', c.fn);
    saver.edited('cccccccc-1');
    saver.track('dddddddd-1', '/photos/c.png', d.fn);
    saver.handOver('cccccccc-1', 'dddddddd-1');
    await wait(120);
    // The old session's pending write is the new one's, in the old file.
    expect([c.writes, d.writes]).toEqual([0, 1]);
    expect(readdirSync(dir)).toEqual(['c.png.cccccccc.tinct']);
    await saver.close('dddddddd-1');
    expect(readdirSync(dir)).toEqual(['c.png.cccccccc.tinct']);
  });
});
