import { chmod, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Plan } from '../../../shared/plan/plan';
import { createTempRepo, makeTempDir, type TempRepo } from '../testing/tempRepo';
import { RUN_DEADLINE_MS, runPlanInProcess } from './testing/runPlanInProcess';

const ONE_TASK = { version: 1, agent: 'shell', tasks: [{ id: 't1', title: 'one task', prompt: 'true' }] } as Plan;

/**
 * Issue 13, finding 1: a task whose worktree cannot be created fails with git's reason. It must never
 * leave the run spinning with the task "running" and no attempt recorded.
 */
describe('a worktree that cannot be created fails its task (real repositories)', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  async function run(repo: TempRepo, retries = 0) {
    const worktrees = await makeTempDir('wavelane-wt-');
    cleanups.push(() => rm(worktrees, { recursive: true, force: true }));
    return runPlanInProcess({ repoDir: repo.dir, plan: ONE_TASK, worktreeRoot: worktrees, retries });
  }

  it('fails the task when a user branch named wavelane blocks wavelane/<id>, retries included', async () => {
    const repo = await createTempRepo();
    cleanups.push(() => repo.cleanup());
    await repo.git('branch', 'wavelane');
    const report = await run(repo, 2);
    expect(report).not.toBe('stuck');
    if (report === 'stuck') return;
    const task = report.tasks.find((entry) => entry.id === 't1');
    expect(task?.status).toBe('failed');
    expect(task?.reason).toMatch(/wavelane/);
  }, 2 * RUN_DEADLINE_MS);

  it('fails the task when a reference-transaction hook rejects every update', async () => {
    const repo = await createTempRepo();
    cleanups.push(() => repo.cleanup());
    const hook = path.join(repo.dir, '.git', 'hooks', 'reference-transaction');
    await writeFile(hook, '#!/bin/sh\n[ "$1" = prepared ] && { echo "refs are frozen here" >&2; exit 1; }\nexit 0\n');
    await chmod(hook, 0o755);
    const report = await run(repo);
    expect(report).not.toBe('stuck');
    if (report === 'stuck') return;
    const task = report.tasks.find((entry) => entry.id === 't1');
    expect(task?.status).toBe('failed');
    expect(task?.reason).toMatch(/worktree/i);
  }, 2 * RUN_DEADLINE_MS);
});
