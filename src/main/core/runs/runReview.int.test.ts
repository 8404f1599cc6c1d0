import { afterEach, describe, expect, it } from 'vitest';
import { createRunHarness, type RunHarness } from './testing/runHarness';

/** Review before merge inside the run loop (in process): the run waits on the user's decision per task. */
describe('review in the run loop (in process)', () => {
  let h: RunHarness | undefined;
  afterEach(async () => {
    await h?.cleanup();
    h = undefined;
  });

  it('holds a finished task in review; a change request runs its agent again; approve merges both', async () => {
    h = await createRunHarness();
    const head = await h.repo.git('rev-parse', 'main');
    const run = await h.start(h.plan([{ id: 'w', prompt: 'echo first >> w.txt' }]), { review: { all: true } });
    await run.reached('w', 'review');
    expect(await h.repo.git('rev-parse', 'main')).toBe(head);

    // The shell agent's follow-up prompt is a script, like its prompt.
    expect(run.controller.decideReview('w', { kind: 'changes', prompt: 'echo second >> w.txt' })).toBe(true);
    await run.waitFor('w to come back to review', (list) => list.filter((t) => t.task === 'w' && t.status === 'review').length === 2);
    const statuses = run.transitions.filter((t) => t.task === 'w').map((t) => t.status);
    expect(statuses.slice(statuses.indexOf('review'))).toEqual(['review', 'running', 'review']);
    expect(await h.repo.git('rev-parse', 'main')).toBe(head);

    expect(run.controller.decideReview('w', { kind: 'approve' })).toBe(true);
    const report = await run.finish();
    expect(report.tasks[0]).toMatchObject({ id: 'w', status: 'merged', attempts: 1 });
    expect(await h.repo.git('show', 'main:w.txt')).toBe('first\nsecond');
    // A decision for a task no longer in review is refused, not queued.
    expect(run.controller.decideReview('w', { kind: 'approve' })).toBe(false);
  });

  it('a task asking for review waits while the others merge; discard removes its branch and lets nothing land', async () => {
    h = await createRunHarness();
    const run = await h.start(
      h.plan([
        { id: 'junk', review: true, prompt: 'echo junk > junk.txt' },
        { id: 'plain', prompt: 'echo plain > plain.txt' },
      ]),
      { review: { all: false } },
    );
    await run.reached('junk', 'review');
    await run.reached('plain', 'merged');
    const branch = run.controller.taskContext('junk')!.record.attempts[0]!.branch;
    expect(await h.repo.git('branch', '--list', branch)).toContain(branch);

    expect(run.controller.decideReview('junk', { kind: 'discard' })).toBe(true);
    const report = await run.finish();
    expect(Object.fromEntries(report.tasks.map((task) => [task.id, task.status]))).toEqual({ junk: 'cancelled', plain: 'merged' });
    expect(await h.repo.git('branch', '--list', branch)).toBe('');
    expect((await h.repo.git('ls-tree', '--name-only', 'main')).split('\n')).toEqual(['README.md', 'plain.txt']);
  });
});
