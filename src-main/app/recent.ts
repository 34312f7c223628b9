/** Recent files (photos and projects), newest first, kept in the user's data folder. */
import { readFile, writeFile } from 'node:fs/promises';

export class RecentFiles {
  private items: string[] = [];

  constructor(
    private readonly file: string,
    private readonly limit = 10,
  ) {}

  async load(): Promise<void> {
    try {
      const v = JSON.parse(await readFile(this.file, 'utf8'));
      this.items = Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, this.limit) : [];
    } catch {
      this.items = [];
    }
  }

  list(): string[] {
    return [...this.items];
  }

  async add(path: string): Promise<void> {
    this.items = [path, ...this.items.filter((p) => p !== path)].slice(0, this.limit);
    await writeFile(this.file, JSON.stringify(this.items)).catch(() => undefined);
  }
}
