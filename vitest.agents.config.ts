import { defineConfig } from 'vitest/config';

/**
 * The real-CLI suite (`npm run test:agents`, via test/agents/run.mjs): real agent CLIs installed from
 * npm, driven headless against the scripted model server on 127.0.0.1. Separate from `vitest run`
 * because it needs the CLIs installed first and (as root) runs inside a loopback-only network namespace.
 */
export default defineConfig({
  test: {
    include: ['test/agents/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 180_000,
    hookTimeout: 60_000,
  },
});
