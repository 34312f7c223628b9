/**
 * Progress on stderr: a redrawn bar on a terminal, plain lines otherwise (logs, CI, pipes),
 * so stdout stays clean for --json.
 */
export interface Reporter {
  start(index: number, total: number, file: string): void;
  stage(stage: string): void;
  done(message: string): void;
  fail(message: string): void;
  notice(message: string): void;
}

export function makeReporter(stream: NodeJS.WriteStream = process.stderr, quiet = false): Reporter {
  const tty = stream.isTTY === true;
  let prefix = '';
  let idx = 0,
    count = 0;
  const clear = () => tty && stream.write('\r\x1b[2K');
  const bar = (stage: string) => {
    const width = 24;
    const filled = Math.round((idx / Math.max(count, 1)) * width);
    clear();
    stream.write(`[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${prefix} ${stage}`);
  };
  return {
    start(index, total, file) {
      idx = index;
      count = total;
      prefix = `${index + 1}/${total} ${file}`;
      if (quiet) return;
      if (tty) bar('');
      else stream.write(`tinct: ${prefix} ...\n`);
    },
    stage(stage) {
      if (!quiet && tty) bar(stage);
    },
    done(message) {
      if (quiet) return;
      clear();
      stream.write(`tinct: ${message}\n`);
    },
    fail(message) {
      clear();
      stream.write(`tinct: error: ${message}\n`);
    },
    notice(message) {
      if (quiet) return;
      clear();
      stream.write(`tinct: ${message}\n`);
    },
  };
}
