/**
 * `--report file.jsonl`: one JSON line per input and run (done, skipped or failed), appended, so
 * reruns and shards add to one file. Each line is one write(2) on a descriptor opened O_APPEND: the
 * kernel puts every write at the current end, so processes appending to the same local file do
 * not interleave within a line, and a kill -9 loses at most the line of the photo in flight.
 * (NFS does not honour O_APPEND across machines: there, give each shard its own report.)
 */
import { closeSync, openSync, readSync, writeSync, fstatSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { TinctError, oneLine } from '../errors.js';

export type ReportStatus = 'done' | 'skipped' | 'failed';

export interface ReportLine {
  input: string;
  output: string | null;
  status: ReportStatus;
  /** Why: the error of a failure, what a skip found, or why an existing output was redone. */
  reason?: string;
  /** The time taken for a done input, in milliseconds. */
  ms?: number;
  model?: unknown;
  settings?: unknown;
  shard?: string;
}

export class BatchReport {
  private constructor(
    readonly path: string,
    private fd: number,
  ) {}

  static open(path: string): BatchReport {
    let fd: number;
    try {
      fd = openSync(path, 'a');
    } catch (err) {
      throw new TinctError(path, `cannot write the report (${oneLine(err)})`);
    }
    const report = new BatchReport(path, fd);
    // A line torn by a kill mid-write (rare: lines are short) or a power cut must not swallow the next one.
    if (!endsWithNewline(path)) report.writeAll(Buffer.from('\n'));
    return report;
  }

  append(line: ReportLine): void {
    const full = { ...line, at: new Date().toISOString(), host: hostname() };
    this.writeAll(Buffer.from(JSON.stringify(full) + '\n', 'utf8'));
  }

  close(): void {
    if (this.fd < 0) return;
    closeSync(this.fd);
    this.fd = -1;
  }

  private writeAll(buf: Buffer): void {
    // One write for the whole line; a short write (a full disk) is finished rather than lost.
    let done = 0;
    while (done < buf.length) done += writeSync(this.fd, buf, done, buf.length - done);
  }
}

/** The lines of a report written so far, skipping any that are not whole JSON objects. */
export async function readReport(path: string): Promise<ReportLine[]> {
  const text = await readFile(path, 'utf8').catch(() => '');
  const lines: ReportLine[] = [];
  for (const l of text.split('\n')) {
    if (!l.trim()) continue;
    try {
      const v = JSON.parse(l);
      if (v && typeof v === 'object' && typeof v.input === 'string') lines.push(v);
    } catch {
      // a torn line: its photo is redone or reported again
    }
  }
  return lines;
}

/** The key under which a report pairs an input with its output. */
export function reportKey(input: string, output: string | null): string {
  return `${input}\n${output ?? ''}`;
}

function endsWithNewline(path: string): boolean {
  let fd = -1;
  try {
    fd = openSync(path, 'r');
    const size = fstatSync(fd).size;
    if (size === 0) return true;
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    return last[0] === 0x0a;
  } catch {
    return true;
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}
