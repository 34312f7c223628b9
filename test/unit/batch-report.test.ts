import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BatchReport, readReport } from '../../src-main/engine/batch/batch-report.js';
import { tempDir } from '../helpers/paths.js';

describe('the batch report', () => {
  it('appends whole lines, and a line torn by an earlier crash does not swallow the next', async () => {
    const path = join(tempDir('tinct-report-'), 'report.jsonl');
    writeFileSync(path, '{"input":"a.jpg","output":"a.tif","status":"done"}\n{"input":"b.jp');
    const report = BatchReport.open(path);
    report.append({ input: 'c.jpg', output: 'c.tif', status: 'done', ms: 12 });
    report.append({ input: 'd.jpg', output: null, status: 'failed', reason: 'd.jpg: no such file' });
    report.close();
    const lines = await readReport(path);
    expect(lines.map((l) => [l.input, l.status])).toEqual([
      ['a.jpg', 'done'],
      ['c.jpg', 'done'],
      ['d.jpg', 'failed'],
    ]);
    expect(readFileSync(path, 'utf8').endsWith('\n')).toBe(true);
  });

  it('names the file when it cannot be written', () => {
    expect(() => BatchReport.open('/nonexistent-folder/report.jsonl')).toThrow(
      /^\/nonexistent-folder\/report\.jsonl: cannot write the report/,
    );
  });
});
