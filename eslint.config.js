// ESLint (flat config): the recommended JavaScript and TypeScript rules, React's
// hook rules for the page, and the layer boundaries as import restrictions:
// core ← compute ← ui and cli, nothing product-side importing test harness code;
// src/plotmath (the numbers of plots) is a pure leaf that ui and cli both import.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** An import-restriction entry: files matching `from` may not import modules matching `group`. */
const forbid = (group, message) => ({ group, message });

const NOT_UI = forbid(['**/ui/**'], 'The page (src/ui) sits above this layer: import it only from src/ui.');
const NOT_CLI = forbid(['**/cli/**'], 'The CLI (src/cli) sits above this layer.');
// Matches './harness/x', '../harness/x', '../../harness/x' and 'src/harness/x'.
const NOT_HARNESS = forbid(
  ['**/harness', '**/harness/**'],
  'Test and bench harness code is never imported by product code.',
);
const NOT_COMPUTE = forbid(['**/compute/**'], 'src/core is pure: compute (tfjs, WebGPU, the engine) sits above it.');
const NOT_PROJECT = forbid(
  ['**/core/**', '**/compute/**', '**/ui/**', '**/cli/**', '**/harness/**'],
  'src/plotmath is a leaf: plain numbers in, plain numbers out, no project imports.',
);
const NO_LIBS_IN_CORE = forbid(
  ['@tensorflow/*', 'three', 'three/*', 'react', 'react-dom', 'react-dom/*', 'zustand', 'zustand/*'],
  'src/core runs anywhere: no tfjs, three.js, React or zustand.',
);
const NO_UI_LIBS = forbid(
  ['three', 'three/*', 'react', 'react-dom', 'react-dom/*', 'zustand', 'zustand/*'],
  'Drawing and React live in src/ui.',
);

const restrict = (...patterns) => ['error', { patterns }];

export default tseslint.config(
  { ignores: ['dist/', 'dist-harness/', 'node_modules/', 'test-results/', 'playwright-report/', 'docs/', 'public/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always'],
      'no-restricted-globals': ['error', { name: 'isNaN', message: 'Use Number.isNaN.' }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': restrict(NOT_COMPUTE, NOT_UI, NOT_CLI, NOT_HARNESS, NO_LIBS_IN_CORE),
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Randomness is an argument: use core/rng.ts.' },
      ],
    },
  },
  {
    files: ['src/plotmath/**/*.ts'],
    ignores: ['src/plotmath/**/*.test.ts'],
    rules: { 'no-restricted-imports': restrict(NOT_PROJECT, NO_LIBS_IN_CORE) },
  },
  {
    files: ['src/compute/**/*.ts'],
    rules: { 'no-restricted-imports': restrict(NOT_UI, NOT_CLI, NOT_HARNESS, NO_UI_LIBS) },
  },
  { files: ['src/ui/**/*.{ts,tsx}'], rules: { 'no-restricted-imports': restrict(NOT_CLI, NOT_HARNESS) } },
  {
    files: ['src/cli/**/*.ts'],
    ignores: ['src/cli/bench*.ts', 'src/cli/bench/**'],
    rules: { 'no-restricted-imports': restrict(NOT_UI, NOT_HARNESS) },
  },
  { files: ['src/cli/bench*.ts', 'src/cli/bench/**'], rules: { 'no-restricted-imports': restrict(NOT_UI) } },
  // The harness (GPU test page, parity starts, bench cases) drives compute and core; nothing product-side imports it.
  { files: ['src/harness/**/*.ts'], rules: { 'no-restricted-imports': restrict(NOT_UI, NOT_CLI) } },
  {
    // Tasks are added to the registry's list; adding one at run time is for tests (a test-only task through every
    // layer, the GPU harness page included).
    files: ['src/**/*.{ts,tsx}', 'e2e/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.test.tsx', 'src/core/testing/**', 'src/harness/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportSpecifier[imported.name='registerTask']",
          message: 'registerTask is for tests: add a product task to TASK_LIST in src/core/tasks/registry.ts.',
        },
        {
          selector: "ImportSpecifier[imported.name='registerWgsl']",
          message: "registerWgsl is for tests: add a product task's WGSL twin to src/compute/gpu/wgslTasks.ts.",
        },
      ],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
);
