import { expect, type Page } from '@playwright/test';
import { rm } from 'node:fs/promises';
import { createTempRepo, makeTempDir, type TempRepo } from '../../src/main/core/testing/tempRepo';
import type { Plan } from '../../src/shared/plan/plan';
import { serveRepo, type ServedHost } from '../serveHost';

/** A temp repository served by the built `wavelane serve`, with its own data folder and worktree folder. */
export interface ConflictBoard {
  repo: TempRepo;
  host: ServedHost;
  /** Stops the host first (it stops its agents), then removes the repository and both folders. */
  cleanup(): Promise<void>;
}

/**
 * Starts `wavelane serve` on a fresh temp repository whose first commit holds `files`. The host gets its
 * own data folder (WAVELANE_DATA_DIR, so the user's real one is never touched) and `--worktree-root` in
 * the temp folder (the core refuses the temp folder only as a default). The variable is set only while
 * the child is spawned (it copies the environment), so other specs in this worker are unaffected.
 */
export async function serveConflictBoard(files: Record<string, string>): Promise<ConflictBoard> {
  const repo = await createTempRepo({ branch: 'main', files });
  const dataDir = await makeTempDir('wavelane-e2e-data-');
  const worktrees = await makeTempDir('wavelane-e2e-worktrees-');
  const removeAll = async () => {
    await repo.cleanup();
    await rm(dataDir, { recursive: true, force: true });
    await rm(worktrees, { recursive: true, force: true });
  };
  const previous = process.env.WAVELANE_DATA_DIR;
  process.env.WAVELANE_DATA_DIR = dataDir;
  // serveRepo spawns the child before it returns its promise, so the variable can go back at once.
  const starting = serveRepo(repo.dir, ['--worktree-root', worktrees]);
  if (previous === undefined) delete process.env.WAVELANE_DATA_DIR;
  else process.env.WAVELANE_DATA_DIR = previous;
  let host: ServedHost;
  try {
    host = await starting;
  } catch (error) {
    await removeAll();
    throw error;
  }
  return {
    repo,
    host,
    async cleanup() {
      await host.stop();
      await removeAll();
    },
  };
}

/**
 * Imports a plan as a user does with "Import plan" (the button opens this hidden file input), and waits
 * until every one of its tasks has a card.
 */
export async function importPlan(page: Page, plan: Plan): Promise<void> {
  await page.setInputFiles('[data-testid=import-plan-file]', {
    name: 'plan.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(plan, null, 2)),
  });
  for (const task of plan.tasks) {
    await expect(page.getByRole('article', { name: task.title, exact: true })).toBeVisible();
  }
}
