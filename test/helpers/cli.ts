import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './paths.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `tinct` entry point in a child process, as a user would. */
export function tinct(args: string[], cwd = ROOT, env?: NodeJS.ProcessEnv): CliRun {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'tinct.js'), ...args], {
    cwd,
    env: env ? { ...process.env, ...env } : process.env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The same, started in the background: for tests that run shards side by side or kill a batch. */
export function spawnTinct(args: string[], cwd = ROOT): ChildProcess {
  return spawn(process.execPath, [join(ROOT, 'bin', 'tinct.js'), ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Waits for a spawned tinct to end; its output, exit code and the signal that ended it, if one did. */
export function finished(child: ChildProcess): Promise<CliRun & { signal: NodeJS.Signals | null }> {
  let stdout = '',
    stderr = '';
  child.stdout?.on('data', (d) => (stdout += d));
  child.stderr?.on('data', (d) => (stderr += d));
  return new Promise((resolve) =>
    child.on('close', (code, signal) => resolve({ code: code ?? -1, signal, stdout, stderr })),
  );
}
