import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import wavelane from './eslint-rules/index.js';

/**
 * Besides the usual checks, this file enforces the dependency direction of ARCHITECTURE.md through the
 * local `wavelane` plugin (eslint-rules/), which sees every form of import (static, `export ... from`,
 * dynamic `import()`, `require`, folder imports), not only the static ones `no-restricted-imports` sees:
 * - process-boundaries: shared imports nothing of ours and no Node built-ins; the core never imports
 *   electron, react, preload, the renderer or a face; the faces never import each other; the preload and
 *   the renderer never import main code, Node built-ins or electron (the renderer).
 * - core-layers: ground < middle < upper < project inside the core, and no two folders import each other.
 * - sole-writer: inside the core only storage/ and locks/ write files.
 * Each rule decides from a file's path whether it applies, so they are switched on for every file.
 */
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
    plugins: { wavelane },
    rules: {
      'wavelane/process-boundaries': 'error',
      'wavelane/core-layers': 'error',
      'wavelane/sole-writer': 'error',
    },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
