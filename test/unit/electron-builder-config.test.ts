import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths.js';

interface BuilderConfig {
  appId: string;
  files: string[];
  asarUnpack: string[];
  icon: string;
  extraResources: { from: string; to: string; filter?: string[] }[];
  linux: { target: string[] };
  win: { target: string[] };
  mac: { target: string[] };
}

const config = load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

describe('electron-builder.yml', () => {
  it('builds an installer for each platform', () => {
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.win.target).toContain('nsis');
    expect(config.mac.target).toContain('dmg');
    expect(existsSync(join(ROOT, config.icon))).toBe(true);
  });

  it('includes the bundled app, the built editor and the package', () => {
    expect(config.files).toEqual(
      expect.arrayContaining(['package.json', 'dist/app/**', 'dist/renderer/**', 'node_modules/**']),
    );
    // package.json's main is what Electron starts: it must be inside the bundled app.
    expect(pkg.main).toBe('dist/app/main.js');
    for (const entry of ['main.ts', 'preload.ts']) expect(existsSync(join(ROOT, 'src-main', 'app', entry))).toBe(true);
  });

  it('unpacks the native modules (and the worker that loads them) from the asar archive', () => {
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining([
        'node_modules/onnxruntime-node/**',
        'node_modules/sharp/**',
        'node_modules/@img/**',
        'dist/app/worker.js',
        'dist/app/preview-helper-entry.mjs',
      ]),
    );
  });

  it('ships the models with their manifests, and the resources with the sample licences', () => {
    const models = config.extraResources.find((r) => r.from === 'models')!;
    expect(models.to).toBe('models');
    expect(models.filter).toEqual(expect.arrayContaining(['*.onnx', '*.json']));
    const resources = config.extraResources.find((r) => r.from === 'resources')!;
    expect(resources.to).toBe('resources');
    expect(existsSync(join(ROOT, 'resources', 'samples', 'LICENSE.md'))).toBe(true);
    // The models the app loads (resources/models/<name>.onnx): present where they are trained,
    // each with its manifest; a checkout without trained models packages none and says so.
    for (const name of ['colorizer', 'segmenter']) {
      const onnx = join(ROOT, 'models', `${name}.onnx`);
      if (existsSync(onnx))
        expect(existsSync(join(ROOT, 'models', `${name}.json`)), `${name}.json beside ${name}.onnx`).toBe(true);
      else console.warn(`models/${name}.onnx is not here yet: an installer built now would lack it`);
    }
  });

  it('builds the version into the engine worker, which runs unpacked with no package.json above it', () => {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-app.mjs')], { cwd: ROOT, stdio: 'pipe' });
    const worker = readFileSync(join(ROOT, 'dist', 'app', 'worker.js'), 'utf8');
    expect(worker).toMatch(new RegExp(`var VERSION = true \\? "${pkg.version.replace(/\./g, '\\.')}"`));
  }, 60_000);

  it('bundles the preview helper thread beside the worker, where the worker looks for it, and it starts', async () => {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-app.mjs')], { cwd: ROOT, stdio: 'pipe' });
    expect(readFileSync(join(ROOT, 'dist', 'app', 'worker.js'), 'utf8')).toContain(
      'new URL("./preview-helper-entry.mjs", import.meta.url)',
    );
    const helper = new Worker(join(ROOT, 'dist', 'app', 'preview-helper-entry.mjs'), {
      workerData: { done: new SharedArrayBuffer(4) },
    });
    try {
      const first = await new Promise((resolve, reject) => {
        helper.once('message', resolve);
        helper.once('error', reject);
      });
      expect(first).toEqual({ ready: true });
    } finally {
      await helper.terminate();
    }
  }, 60_000);
});
