// The layers of DESIGN.md, enforced the way VS Code enforces its own: the folder a file lives in
// says what it may import. Imports only go down: renderer -> api types; app/web/cli -> api -> engine.
import svelte from 'eslint-plugin-svelte';
import tseslint from 'typescript-eslint';

const electronAndDom = [{ name: 'electron', message: 'src-main/engine runs in plain Node: no Electron.' }];
const noUpward = (layers, why) => ({
  group: layers.flatMap((l) => [`**/${l}/**`, `**/${l}`]),
  message: why,
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'models/train/**', 'test-results/**'] },
  ...tseslint.configs.recommended,
  // The renderer's components: Svelte's recommended rules, TypeScript inside <script lang="ts">.
  ...svelte.configs.recommended,
  {
    files: ['src-renderer/**/*.svelte', 'src-renderer/**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src-main/engine/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: electronAndDom,
          patterns: [noUpward(['api', 'app', 'web', 'cli', 'src-renderer'], 'engine knows nothing of who calls it.')],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator'],
    },
  },
  // The one exception: the engine worker answers the api's contract, so it takes the contract's
  // TYPES (engine/worker/protocol.ts); no api code runs in the engine.
  {
    files: ['src-main/engine/worker/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: electronAndDom,
          patterns: [
            noUpward(['app', 'web', 'cli', 'src-renderer'], 'engine knows nothing of who calls it.'),
            {
              group: ['**/api/**', '**/api', '!**/api/contract/index.js'],
              message: 'the worker takes the contract (api/contract/index.js) as types, nothing else of the api.',
            },
            {
              group: ['**/api/contract/index.js'],
              allowTypeImports: true,
              message: 'the worker takes the contract as types only: no api code runs in the engine.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/api/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: electronAndDom,
          patterns: [noUpward(['app', 'web', 'cli', 'src-renderer'], 'api sits under app/web/cli.')],
        },
      ],
    },
  },
  {
    files: ['src-main/cli/**/*.ts', 'src-main/web/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: electronAndDom,
          patterns: [noUpward(['app', 'src-renderer'], 'cli and web are transports beside app, not above it.')],
        },
      ],
    },
  },
  {
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.svelte'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: electronAndDom,
          patterns: [noUpward(['engine', 'app', 'web', 'cli'], 'the renderer talks only to the api (window.tinct).')],
        },
      ],
    },
  },
);
