import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Plan } from '../../../shared/plan/plan';
import { mustGit, makeTempDir, TEST_IDENTITY } from '../testing/tempRepo';
import { listWorktrees } from '../git/worktreeList';
import { RUN_DEADLINE_MS, runPlanInProcess } from './testing/runPlanInProcess';

/**
 * Issue 13, finding 7: a repository made with `git init --separate-git-dir` keeps its git dir elsewhere
 * (the work tree's `.git` is a file), and `git worktree list` names that git dir as the main worktree.
 */
describe('a repository with a separate git dir (real repositories)', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  async function separateRepo() {
    const base = await makeTempDir('wavelane-sepgit-');
    cleanups.push(() => rm(base, { recursive: true, force: true }));
    const dir = path.join(base, 'work');
    const gitDir = path.join(base, 'store.git');
    await mustGit(['init', '-q', '-b', 'main', '--separate-git-dir', gitDir, dir], { cwd: base });
    await mustGit(['commit', '-q', '--allow-empty', '-m', 'initial'], { cwd: dir, env: TEST_IDENTITY });
    return { base, dir, gitDir };
  }

  it('lists the work tree, not the git dir, as the main worktree', async () => {
    const { dir } = await separateRepo();
    const listed = await listWorktrees(dir);
    expect(listed.ok && listed.value.map((entry) => entry.path)).toEqual([dir]);
  });

  it('runs a task and lands it, its checkout following', async () => {
    const { base, dir } = await separateRepo();
    const plan = { version: 1, agent: 'shell', tasks: [{ id: 't1', title: 'add a file', prompt: 'echo hi > added.txt' }] } as Plan;
    const report = await runPlanInProcess({ repoDir: dir, plan, worktreeRoot: path.join(base, 'worktrees') });
    expect(report).not.toBe('stuck');
    if (report === 'stuck') return;
    expect(report.tasks.map((task) => [task.id, task.status, task.reason])).toEqual([['t1', 'merged', null]]);
    expect(existsSync(path.join(dir, 'added.txt'))).toBe(true);
    expect(await readFile(path.join(dir, 'added.txt'), 'utf8')).toBe('hi\n');
    expect(await mustGit(['status', '--porcelain', '--untracked-files=no'], { cwd: dir })).toBe('');
  }, 2 * RUN_DEADLINE_MS);
});
