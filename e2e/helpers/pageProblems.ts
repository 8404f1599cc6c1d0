import type { Page } from '@playwright/test';

/** Console errors and uncaught exceptions of a page, each with where it came from: a test ends expecting none. */
export function collectProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return problems;
}
