import { afterEach, describe, expect, it } from 'vitest';
import { asKilledRun, createRunHarness, loggedScript, type RunHarness } from './testing/runHarness';

/**
 * Resuming a stopped run in process: running the same plan again picks the run up, merged tasks are not
 * run again, and work that was committed but not merged when the run stopped goes straight to the merge
 * queue without its agent running again.
 */
describe('resume after a stop (in process)', () => {
  let h: RunHarness | undefined;
  afterEach(async () => {
    await h?.cleanup();
    h = undefined;
  });

  it('keeps merged tasks, merges committed work without rerunning it, and reruns what did not land', async () => {
    h = await createRunHarness();
    const { probe } = h;
    const plan = h.plan([
      { id: 'a', prompt: loggedScript(probe, 'a', 'echo a > a.txt') },
      { id: 'm', review: true, prompt: loggedScript(probe, 'm', 'echo m > m.txt') },
      { id: 'late', dependsOn: ['m'], prompt: loggedScript(probe, 'late', 'test -f m.txt || exit 3\necho late > late.txt') },
    ]);

    // First run: a merges, m finishes and waits (committed, not merged), late waits on m. Then it stops.
    const first = await h.start(plan, { review: { all: false } });
    await first.reached('a', 'merged');
    await first.reached('m', 'review');
    const commit = first.controller.taskContext('m')!.record.attempts[0]!.commit;
    expect(commit).toMatch(/^[0-9a-f]{40}$/);
    first.controller.cancel();
    await first.finish();

    // What a process killed while m was in the merge queue leaves on disk: the run still "running" under
    // a dead owner, m `merging` with its commit. (killNine.int.test.ts kills a real CLI for the same.)
    await asKilledRun(h.repo.dir, first.controller.runId, (state) => {
      const m = state.tasks.find((task) => task.id === 'm')!;
      m.status = 'merging';
      m.reason = null;
    });

    // The same plan again (as `wavelane run` would, where nobody reviews): the run is resumed.
    const second = await h.start(plan);
    expect(second.prepared.resumed?.runId).toBe(first.controller.runId);
    const report = await second.finish();
    expect(Object.fromEntries(report.tasks.map((task) => [task.id, [task.status, task.attempts]]))).toEqual({
      a: ['merged', 1],
      m: ['merged', 1],
      late: ['merged', 1],
    });
    // Each agent ran once: a was not rerun, m's committed work went straight to the merge queue.
    const log = await h.probeLines();
    expect(log.filter((line) => line.startsWith('start ')).sort()).toEqual(['start a', 'start late', 'start m']);
    expect(second.transitions.filter((t) => t.task === 'm').map((t) => t.status)).toEqual(['merging', 'merged']);
    expect(await h.repo.git('merge-base', '--is-ancestor', commit!, 'main').then(() => true)).toBe(true);
    expect((await h.repo.git('ls-tree', '--name-only', 'main')).split('\n').sort()).toEqual(['README.md', 'a.txt', 'late.txt', 'm.txt']);
  });
});
