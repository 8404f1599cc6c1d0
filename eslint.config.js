import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/**
 * Besides the usual checks, this file enforces the dependency direction of ARCHITECTURE.md with
 * per-folder `no-restricted-imports` rules: shared imports nothing of ours and no Node built-ins; the
 * core never imports electron, react or a face; the faces never import each other; the renderer never
 * imports main code, Node built-ins or electron.
 */
const NODE_BUILTINS = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'http', 'https', 'net', 'crypto', 'url', 'util', 'stream', 'events', 'worker_threads'];

const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group: [group], message })) }],
});

const merge = (...rules) => {
  const patterns = rules.flatMap((rule) => rule['no-restricted-imports'][1].patterns);
  return { 'no-restricted-imports': ['error', { patterns }] };
};

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'e2e/artifacts/**', 'dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/shared/**'],
    rules: merge(
      restrict(['electron', 'react', 'react-dom', ...NODE_BUILTINS], 'src/shared runs in every process: no Node built-ins, no electron, no react.'),
      restrict(['**/main/**', '**/renderer/**', '**/preload/**'], 'src/shared imports nothing of ours.'),
    ),
  },
  {
    files: ['src/main/core/**'],
    rules: restrict(
      ['electron', 'electron/*', 'react', 'react-dom', '**/electron/**', '**/web/**', '**/cli/**', '**/renderer/**', '**/preload/**'],
      'src/main/core is the pure-Node engine: no electron, no react, no face (see ARCHITECTURE.md).',
    ),
  },
  {
    files: ['src/main/electron/**'],
    rules: restrict(['**/web/**', '**/cli/**', '**/renderer/**', 'react'], 'Faces import core and shared, never each other.'),
  },
  {
    files: ['src/main/web/**'],
    rules: restrict(['electron', 'electron/*', '**/electron/**', '**/cli/**', '**/renderer/**', 'react'], 'Faces import core and shared, never each other.'),
  },
  {
    files: ['src/main/cli/**'],
    rules: restrict(['electron', 'electron/*', '**/electron/**', '**/web/**', '**/renderer/**', 'react'], 'Faces import core and shared, never each other.'),
  },
  {
    files: ['src/preload/**'],
    rules: restrict(['**/main/**', '**/renderer/**', ...NODE_BUILTINS], 'The sandboxed preload sees only electron and shared types.'),
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict(['electron', 'electron/*', '**/main/**', '**/preload/**', ...NODE_BUILTINS, 'node-pty', 'simple-git'], 'The renderer is sandboxed: it reaches the system only through the contract.'),
  },
  {
    files: ['test/renderer/**'],
    rules: restrict(['electron', 'electron/*', '**/main/**', '**/preload/**'], 'Renderer tests may use Node to host a server, never main code.'),
  },
);
