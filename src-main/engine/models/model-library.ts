/**
 * The colorizers a user can choose from: Tinct's built-in one(s) and the .onnx files in the
 * user's models folder (README "Bring your own model"). Each is described by loading it, so a
 * model that fits no kind is listed with the one line that says why instead of being hidden.
 */
import { readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { oneLine } from '../errors.js';
import type { ColorizerKind } from './colorizer-manifest.js';
import { Colorizer, type ColorizerLoadOptions } from './colorizer-model.js';
import { manifestPathFor } from './manifest.js';

export interface ModelInfo {
  /** The model's .onnx path: what `open` and `--model` take. */
  path: string;
  name: string;
  source: 'built-in' | 'user';
  kind?: ColorizerKind;
  /** "any (works at 256)" or the fixed "512×512". */
  inputSize?: string;
  /** False for ab and RGB models: one colour per region, no alternatives. */
  alternatives?: boolean;
  /** Where its description came from: its manifest, the graph, or both. */
  described?: string;
  /** Why the model cannot be used, when it cannot. */
  error?: string;
}

/**
 * The user's models folder: $TINCT_MODELS_DIR, else Linux $XDG_DATA_HOME/tinct/models
 * (~/.local/share/tinct/models), macOS ~/Library/Application Support/Tinct/models, Windows
 * %APPDATA%\Tinct\models.
 */
export function userModelsDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.TINCT_MODELS_DIR) return env.TINCT_MODELS_DIR;
  if (platform === 'win32') return join(env.APPDATA || join(homedir(), 'AppData', 'Roaming'), 'Tinct', 'models');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Tinct', 'models');
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'tinct', 'models');
}

/** What the menu and `tinct models` say about a loaded model. */
export function modelInfo(model: Colorizer, source: ModelInfo['source']): ModelInfo {
  const { spec } = model;
  return {
    path: model.path,
    name: spec.name,
    source,
    kind: spec.kind,
    inputSize: spec.input.size ? spec.input.size.join('×') : `any (works at ${spec.inputSize})`,
    alternatives: model.alternatives,
    described: spec.source,
  };
}

export async function describeModel(
  path: string,
  source: ModelInfo['source'],
  opts: ColorizerLoadOptions = {},
): Promise<ModelInfo> {
  try {
    // The graph and the manifest describe it; the check run waits until the model is used (a
    // 512×512 DDColor run would make the menu slow to appear).
    const model = await Colorizer.load(path, 'cpu', { ...opts, selfCheck: false });
    await model.release();
    return modelInfo(model, source);
  } catch (err) {
    return { path, name: basename(path).replace(/\.onnx$/i, ''), source, error: oneLine(err) };
  }
}

async function mtimeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).mtimeMs;
  } catch {
    return 0;
  }
}

async function onnxFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir))
      .filter((n) => n.toLowerCase().endsWith('.onnx'))
      .sort()
      .map((n) => join(dir, n));
  } catch {
    return []; // no models folder yet: only the built-in ones
  }
}

/**
 * Lists the built-in models and the user's. Descriptions are kept per path and modification time,
 * since describing a model loads it.
 */
export class ModelLibrary {
  private readonly cache = new Map<string, { mtime: number; info: ModelInfo }>();

  constructor(
    readonly builtIn: string[],
    readonly userDir: string = userModelsDir(),
    private readonly opts: ColorizerLoadOptions = {},
  ) {}

  /** A model already loaded (the built-in one, in the editor) is described without loading it again. */
  async know(model: Colorizer, source: ModelInfo['source']): Promise<void> {
    const mtime = Math.max(await mtimeOf(model.path), await mtimeOf(manifestPathFor(model.path)));
    this.cache.set(model.path, { mtime, info: modelInfo(model, source) });
  }

  async list(): Promise<ModelInfo[]> {
    const entries: [string, ModelInfo['source']][] = [
      ...this.builtIn.map((p) => [p, 'built-in'] as [string, ModelInfo['source']]),
      ...(await onnxFiles(this.userDir)).map((p) => [p, 'user'] as [string, ModelInfo['source']]),
    ];
    const out: ModelInfo[] = [];
    for (const [path, source] of entries) {
      const mtime = Math.max(await mtimeOf(path), await mtimeOf(manifestPathFor(path)));
      const hit = this.cache.get(path);
      if (hit && hit.mtime === mtime && mtime) {
        out.push(hit.info);
        continue;
      }
      const info = await describeModel(path, source, this.opts);
      this.cache.set(path, { mtime, info });
      out.push(info);
    }
    return out;
  }

  /** The listed, usable model at `path`, or the reason it cannot be used. */
  async find(path: string): Promise<ModelInfo | { error: string }> {
    const info = (await this.list()).find((m) => m.path === path);
    if (!info) return { error: `${path}: not one of the models Tinct lists (built-in or in ${this.userDir})` };
    return info.error ? { error: info.error } : info;
  }
}
