import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeAtomically } from '../../src-main/engine/image/atomic-write.js';
import { CancelledError } from '../../src-main/engine/errors.js';
import { tempDir } from '../helpers/paths.js';

describe('atomic writes', () => {
  it('a cancel that arrives while the file is written leaves the old file and no partial one', async () => {
    const dir = tempDir('tinct-atomic-');
    const target = join(dir, 'result.tif');
    writeFileSync(target, 'old');
    const abort = new AbortController();
    const write = async (tmp: string) => {
      await writeFile(tmp, 'new');
      abort.abort(); // the user pressed Cancel during the write
    };
    await expect(writeAtomically(target, write, abort.signal)).rejects.toBeInstanceOf(CancelledError);
    expect(readFileSync(target, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['result.tif']);
  });

  it('replaces the file only when the write completed', async () => {
    const dir = tempDir('tinct-atomic-');
    const target = join(dir, 'result.tif');
    writeFileSync(target, 'old');
    await expect(
      writeAtomically(target, async () => {
        throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
      }),
    ).rejects.toThrow(/result\.tif: cannot write: the disk is full$/);
    expect(readFileSync(target, 'utf8')).toBe('old');
    await writeAtomically(target, (tmp) => writeFile(tmp, 'new'));
    expect(readFileSync(target, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['result.tif']);
  });
});
