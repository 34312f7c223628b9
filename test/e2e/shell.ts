/**
 * Helpers for the end-to-end tests: start the browser shell on a free port (the tiny test model
 * unless a trained one is in models/), and launch Debian's Chromium headless.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { ROOT } from '../helpers/paths.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const TRAINED = join(ROOT, 'models', 'colorizer.onnx');
export const TINY = join(ROOT, 'test', 'fixtures', 'tiny-colorizer.onnx');
export const MODEL = existsSync(TRAINED) ? TRAINED : TINY;
const TRAINED_SEGMENTER = join(ROOT, 'models', 'segmenter.onnx');
export const SEGMENTER = existsSync(TRAINED_SEGMENTER)
  ? TRAINED_SEGMENTER
  : join(ROOT, 'test', 'fixtures', 'tiny-segmenter.onnx');
export const SAMPLE = join(ROOT, 'resources', 'samples', 'camera.png');
export const ARTEFACTS = join(ROOT, 'test-results', 'e2e');

export interface Shell {
  url: string;
  port: number;
  token: string;
  stateDir: string;
  proc: ChildProcess;
  stop(): Promise<void>;
}

export async function startShell(
  opts: { model?: string; segmenter?: string; stateDir?: string; extra?: string[]; env?: NodeJS.ProcessEnv } = {},
): Promise<Shell> {
  const stateDir = opts.stateDir ?? mkdtempSync(join(tmpdir(), 'tinct-e2e-state-'));
  const proc = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(ROOT, 'src-main', 'web', 'main.ts'),
      '--port',
      '0',
      '--model',
      opts.model ?? MODEL,
      '--segmenter',
      opts.segmenter ?? SEGMENTER,
      '--state-dir',
      stateDir,
      ...(opts.extra ?? []),
    ],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: opts.env ? { ...process.env, ...opts.env } : process.env,
    },
  );
  let err = '';
  proc.stderr!.on('data', (d) => {
    err += d;
  });
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    const t = setTimeout(() => reject(new Error(`the shell did not start in 90 s: ${err}`)), 90_000);
    proc.stdout!.on('data', (d) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(t);
        resolve(out.slice(0, nl));
      }
    });
    proc.on('exit', (code) => {
      clearTimeout(t);
      reject(new Error(`the shell exited (${code}): ${err}`));
    });
  });
  const m = /^Tinct at (http:\/\/127\.0\.0\.1:(\d+)\/\?token=(\S+))$/.exec(line);
  if (!m) throw new Error(`unexpected first line: ${JSON.stringify(line)}`);
  return {
    url: m[1],
    port: Number(m[2]),
    token: m[3],
    stateDir,
    proc,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}
