import { afterEach, describe, expect, it } from 'vitest';
import { openCoreHarness, type CoreHarness } from './testing/coreHarness';

/** A failed verify through the core's requests: the task waits in Needs attention, Retry and Ask agent to fix. */
describe('verify failures through the core', () => {
  let h: CoreHarness | undefined;
  afterEach(async () => {
    await h?.cleanup();
    h = undefined;
  });

  it('keeps the target untouched on a failed verify, retries it, and lands once the agent fixed it', async () => {
    h = await openCoreHarness();
    await h.call('board.setSettings', { verify: 'test -f ok.txt' });
    await h.call('board.saveTask', { task: { id: 'feature', title: 'Feature', prompt: 'echo feature > feature.txt', agent: 'shell' } });
    await h.call('board.moveTask', { id: 'feature', to: 'runParallel', index: 0 });
    const head = await h.repo.git('rev-parse', 'main');
    await h.call('run.start', {});
    const failed = await h.waitForRun((r) => r.state === 'finished', 'the run to finish');
    expect(failed.tasks[0]).toMatchObject({ status: 'failed' });
    expect(failed.tasks[0]!.reason).toMatch(/^verify failed/);
    expect(await h.repo.git('rev-parse', 'main')).toBe(head);

    // Retry runs verify again on the same work: it still fails, and still nothing lands.
    await h.call('task.retry', { taskId: 'feature' });
    const retried = await h.waitForRun((r) => r.tasks[0]?.status === 'failed', 'the retry to fail');
    expect(retried.tasks[0]!.reason).toMatch(/^verify failed/);
    expect(await h.repo.git('rev-parse', 'main')).toBe(head);

    // The shell agent's "fix" is a script: it adds what verify wants, then the task lands.
    await h.call('task.fix', { taskId: 'feature', prompt: 'touch ok.txt' });
    await h.waitForRun((r) => r.tasks[0]?.status === 'merged', 'the fixed task to land');
    expect(await h.repo.git('show', 'main:feature.txt')).toBe('feature');
    expect(await h.repo.git('ls-tree', '--name-only', 'main')).toContain('ok.txt');
  });
});
