/**
 * The colorizers the open photos use: the built-in one, and any other the model library lists,
 * loaded once by path however many photos ask for it (a model is hundreds of MB of weights).
 */
import { dirname } from 'node:path';
import { Colorizer } from '../models/colorizer-model.js';
import type { ModelLibrary } from '../models/model-library.js';
import { TinctError } from '../errors.js';
import type { ProjectModel } from './protocol.js';

export class Colorizers {
  private readonly loaded = new Map<string, Promise<Colorizer>>();

  constructor(
    private readonly builtIn: Colorizer,
    private readonly library?: ModelLibrary,
  ) {}

  /** The colorizer at `path` (one the library lists), loaded once; the built-in one when absent. */
  async at(path: string | undefined): Promise<Colorizer> {
    if (!path || path === this.builtIn.path) return this.builtIn;
    const want = path;
    let p = this.loaded.get(want);
    if (!p) {
      p = (async () => {
        const found = this.library
          ? await this.library.find(want)
          : { error: `${want}: only the built-in model can be used here` };
        if (found.error) throw new TinctError('', found.error);
        return Colorizer.load(want, this.builtIn.device, { dataDirs: [dirname(this.builtIn.path)] });
      })();
      this.loaded.set(want, p);
      p.catch(() => this.loaded.delete(want));
    }
    return p;
  }

  /**
   * A project's colorizer: the model it was made with, if it is still there; another one asked for
   * wins. When the project's model cannot be loaded, the built-in one, with a note saying why.
   */
  async forProject(made: ProjectModel | undefined, asked: string | undefined, notes: string[]): Promise<Colorizer> {
    if (asked) return this.at(asked);
    if (!made || this.isBuiltIn(made)) return this.builtIn;
    return this.at(made.path).catch((err) => {
      notes.push(
        `made with model ${made.name}, which cannot be used now ` +
          `(${String(err.message ?? err).slice(0, 160)}); using ${this.builtIn.spec.name}`,
      );
      return this.builtIn;
    });
  }

  /** The built-in model, here or at another path (a project from another machine, or the app vs a checkout). */
  private isBuiltIn(m: ProjectModel): boolean {
    const b = this.builtIn;
    return m.path === b.path || (m.name === b.spec.name && m.version === b.spec.version && m.kind === b.spec.kind);
  }
}
