import { afterEach, describe, expect, it } from 'vitest';
import type { TaskReview } from '../../../shared/contract/review';
import { openCoreHarness, type CoreHarness } from './testing/coreHarness';

/** Review before merge through the core's requests: a task waits with its diff until the user decides. */
describe('review before merge through the core', () => {
  let h: CoreHarness | undefined;
  afterEach(async () => {
    await h?.cleanup();
    h = undefined;
  });

  const statusOf = (id: string) => async () => (await h!.waitForRun(() => true)).tasks.find((task) => task.id === id)?.status;

  it('waits in review, runs the agent again on request, and merges on approval', async () => {
    h = await openCoreHarness();
    // The agent appends a line each time it runs: the follow-up's change shows in the second review.
    await h.call('board.saveTask', { task: { id: 'doc', title: 'Write the doc', prompt: 'echo "pass" >> doc.txt', agent: 'shell' } });
    await h.call('board.setSettings', { reviewBeforeMerge: true });
    await h.call('board.moveTask', { id: 'doc', to: 'runParallel', index: 0 });
    await h.call('run.start', {});
    await h.waitForRun((r) => r.tasks[0]?.status === 'review', 'the task to wait in review');
    const head = await h.repo.git('rev-parse', 'main');
    const first = await h.call<TaskReview>('review.get', { taskId: 'doc' });
    expect(first.files).toEqual([expect.objectContaining({ path: 'doc.txt', status: 'added', additions: 1 })]);
    expect(first.files[0]!.content).toEqual({ kind: 'text', oldText: '', newText: 'pass\n' });

    // The shell agent's prompt is a script: so is its follow-up.
    await h.call('review.requestChanges', { taskId: 'doc', prompt: 'echo "pass" >> doc.txt' });
    // The agent runs again in the same worktree; the task then waits in review with both changes.
    const reviewed = async () => {
      const outcome = await h!.core.request('review.get', { taskId: 'doc' });
      return outcome.ok ? (outcome.value as TaskReview).files[0]?.additions : null;
    };
    await expect.poll(reviewed, { timeout: 20_000 }).toBe(2);
    expect(await statusOf('doc')()).toBe('review');
    expect(await h.repo.git('rev-parse', 'main')).toBe(head);

    await h.call('review.approve', { taskId: 'doc' });
    const run = await h.waitForRun((r) => r.state === 'finished', 'the run to finish');
    expect(run.tasks[0]!.status).toBe('merged');
    expect(await h.repo.git('show', 'main:doc.txt')).toBe('pass\npass');
  });

  it('discards a task in review: branch and worktree gone, target untouched', async () => {
    h = await openCoreHarness();
    await h.call('board.saveTask', { task: { id: 'junk', title: 'Junk', prompt: 'echo junk > junk.txt', agent: 'shell', review: true } });
    await h.call('board.moveTask', { id: 'junk', to: 'runParallel', index: 0 });
    await h.call('run.start', {});
    await h.waitForRun((r) => r.tasks[0]?.status === 'review', 'the task to wait in review');
    const head = await h.repo.git('rev-parse', 'main');
    await h.call('review.discard', { taskId: 'junk' });
    const run = await h.waitForRun((r) => r.state === 'finished', 'the run to finish');
    expect(run.tasks[0]).toMatchObject({ status: 'cancelled' });
    expect(run.tasks[0]!.reason).toMatch(/discarded in review/);
    expect(await h.repo.git('rev-parse', 'main')).toBe(head);
    expect(await h.repo.git('branch', '--list', 'wavelane/*')).toBe('');
    expect((await h.repo.git('worktree', 'list')).split('\n')).toHaveLength(1);
  });
});
