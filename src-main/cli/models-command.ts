/** `tinct models`: the built-in colorizer and the user's, with kind, input size and source. */
import type { Command } from 'commander';
import { defaultColorizer } from '../api/defaults.js';
import { ModelLibrary, type ModelInfo } from '../engine/models/model-library.js';

const KIND: Record<string, string> = {
  distributions: 'distributions',
  ab: 'ab (one colour)',
  rgb: 'RGB (one colour)',
};

function line(m: ModelInfo): string {
  if (m.error) return `${m.name}  [${m.source}]  refused: ${m.error}`;
  return `${m.name}  [${m.source}]  ${KIND[m.kind!]}, input ${m.inputSize}, described by ${m.described}  ${m.path}`;
}

export function addModelsCommand(program: Command): void {
  program
    .command('models')
    .description('list the colorizer models: built-in and those in your models folder ($TINCT_MODELS_DIR)')
    .option('--json', 'print the list as JSON', false)
    .action(async (o: { json: boolean }) => {
      const library = new ModelLibrary([defaultColorizer().path]);
      const models = await library.list();
      if (o.json) process.stdout.write(JSON.stringify({ userDir: library.userDir, models }) + '\n');
      else {
        process.stdout.write(`models folder: ${library.userDir}\n`);
        for (const m of models) process.stdout.write(line(m) + '\n');
      }
    });
}
