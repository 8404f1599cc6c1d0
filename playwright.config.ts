import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './scripts/findChromium.mjs';

const executablePath = (await findChromium()) ?? undefined;

/**
 * End-to-end tests in Chromium against the real `wavelane serve` on temp repositories. Browsers come
 * from scripts/findChromium.mjs (Debian's chromium here; Playwright's own elsewhere).
 */
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: { executablePath, args: CHROMIUM_ARGS },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
});
