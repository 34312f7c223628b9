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
      'no-restricted-imports': [
        'error',
        {
          paths: electronAndDom,
          patterns: [noUpward(['api', 'app', 'web', 'cli', 'src-renderer'], 'engine knows nothing of who calls it.')],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator'],
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
