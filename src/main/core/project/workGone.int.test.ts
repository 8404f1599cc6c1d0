import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanRuns } from '../runs/cleanRuns';
import { RunStore } from '../storage/runStore';
import { openCoreHarness, type CoreHarness } from './testing/coreHarness';

/**
 * A failed task whose worktree is gone (deleted by hand, or by `wavelane clean --force` with its branch):
 * every action on it answers for what is there, through the core's requests. Issue 13, finding 8.
 */
describe('acting on a failed task whose work is gone', () => {
  let h: CoreHarness | undefined;
  afterEach(async () => {
    await h?.cleanup();
    h = undefined;
  });

  /** A finished run whose one task failed its verify: its commit sits on its branch, in its worktree. */
  const failedTask = async () => {
    h = await openCoreHarness();
    await h.call('board.setSettings', { verify: 'test -f ok.txt' });
    await h.call('board.saveTask', { task: { id: 'feature', title: 'Feature', prompt: 'echo feature > feature.txt', agent: 'shell' } });
    await h.call('board.moveTask', { id: 'feature', to: 'runParallel', index: 0 });
    await h.call('run.start', {});
    const run = await h.waitForRun((r) => r.state === 'finished', 'the run to finish');
    expect(run.tasks[0]).toMatchObject({ status: 'failed' });
    const store = await RunStore.open(h.repo.dir);
    if (!store.ok) throw new Error(store.error.message);
    const state = await store.value.currentRun();
    await store.value.close();
    if (!state.ok || !state.value) throw new Error('no current run');
    const attempt = state.value.tasks[0]!.attempts.at(-1)!;
    return { worktree: attempt.worktree, branch: attempt.branch, head: await h.repo.git('rev-parse', 'main') };
  };

  const status = async () => (await h!.waitForRun(() => true)).tasks[0]!;

  it('asks the agent to fix it in a worktree made again from its branch when only the folder was deleted', async () => {
    const { worktree, branch } = await failedTask();
    await rm(worktree, { recursive: true, force: true });
    // task.fix, then review.requestChanges: the same branch comes back in its own worktree and the follow-up runs there.
    await h!.call('task.fix', { taskId: 'feature', prompt: 'touch ok.txt' });
    await h!.waitForRun((r) => r.tasks[0]?.status === 'merged', 'the fixed task to land');
    expect(await h!.repo.git('show', 'main:feature.txt')).toBe('feature');
    expect(await h!.repo.git('ls-tree', '--name-only', 'main')).toContain('ok.txt');
    expect(await h!.repo.git('branch', '--list', branch)).toBe('');
  });

  it('requests changes in a worktree made again from its branch', async () => {
    const { worktree } = await failedTask();
    await rm(worktree, { recursive: true, force: true });
    const done = await h!.core.request('review.requestChanges', { taskId: 'feature', prompt: 'touch ok.txt' });
    expect(done.ok, JSON.stringify(done)).toBe(true);
    await h!.waitForRun((r) => r.tasks[0]?.status === 'merged', 'the changed task to land');
    expect(existsSync(worktree)).toBe(false);
  });

  it('retries verify on the branch as it is when only the worktree folder was deleted', async () => {
    const { worktree, head } = await failedTask();
    await rm(worktree, { recursive: true, force: true });
    // Verify runs in the task's worktree, made again from the branch: it fails as before, on that very work.
    const retried = await h!.core.request('task.retry', { taskId: 'feature' });
    expect(retried.ok, JSON.stringify(retried)).toBe(true);
    await h!.waitForRun((r) => r.tasks[0]?.status === 'failed', 'the retry to fail its verify again');
    expect((await status()).reason).toMatch(/^verify failed/);
    expect(await h!.repo.git('rev-parse', 'main')).toBe(head);
  });

  it.each([
    ['task.retry', {}],
    ['task.fix', { prompt: 'touch ok.txt' }],
    ['review.approve', {}],
    ['review.requestChanges', { prompt: 'touch ok.txt' }],
  ] as const)('%s answers WORK_GONE, naming the task and its branch, when clean --force removed branch and worktree', async (name, extra) => {
    const { worktree, branch, head } = await failedTask();
    const cleaned = await cleanRuns(h!.repo.dir, true);
    expect(cleaned.ok && cleaned.value.done.map((action) => action.kind)).toEqual(['removeWorktree', 'deleteBranch']);
    expect(existsSync(worktree)).toBe(false);
    const before = await status();
    const answer = await h!.core.request(name, { taskId: 'feature', ...extra });
    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.error.code).toBe('WORK_GONE');
    expect(answer.error.message).toContain('feature');
    expect(answer.error.message).toContain(branch);
    expect(answer.error.message).toMatch(/run/i);
    // Nothing changed: the task is as it was, the target untouched, no branch or worktree made.
    const after = await status();
    expect(after).toMatchObject({ status: before.status, reason: before.reason });
    expect(await h!.repo.git('rev-parse', 'main')).toBe(head);
    expect(await h!.repo.git('branch', '--list', 'wavelane/*')).toBe('');
    expect(existsSync(worktree)).toBe(false);
  });
});
