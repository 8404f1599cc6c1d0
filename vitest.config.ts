import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Unit and integration tests for core, shared, faces and renderer logic, all in Node. Integration tests
 * (`*.int.test.ts`) use real git repositories and real processes, hence the longer timeout. Forks, not
 * threads: node-pty and process-group signals behave as in production only in a real process.
 */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts', 'scripts/**/*.test.ts'],
    // The real-CLI suite needs the CLIs installed and a network namespace: `npm run test:agents`.
    exclude: [...configDefaults.exclude, 'test/agents/**'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
