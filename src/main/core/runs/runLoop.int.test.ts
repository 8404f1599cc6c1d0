import path from 'node:path';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { isPidAlive } from '../processes/isPidAlive';
import { createRunHarness, loggedScript, until, type RunHarness } from './testing/runHarness';

/**
 * The run loop in this process against real git and real `shell` agents: what starts when (dependencies,
 * file locks), retries, and cancel. Covered before only through the built CLI.
 */
describe('the run loop (in process)', () => {
  let h: RunHarness | undefined;
  afterEach(async () => {
    await h?.cleanup();
    h = undefined;
  });

  const statuses = (report: { tasks: { id: string; status: string }[] }) => Object.fromEntries(report.tasks.map((task) => [task.id, task.status]));

  it('starts a dependent after its dependency merged, and never runs two tasks holding one lock at once', async () => {
    h = await createRunHarness();
    const { probe } = h;
    const plan = h.plan([
      { id: 'a', files: ['a.txt'], prompt: loggedScript(probe, 'a', 'echo a > a.txt') },
      // Fails unless a's work is in its worktree: it must start from the target after a merged.
      { id: 'b', dependsOn: ['a'], files: ['b.txt'], prompt: loggedScript(probe, 'b', 'test -f a.txt || exit 3\necho b > b.txt') },
      // c and d lock the same folder: whichever starts second waits until the first has merged.
      { id: 'c', files: ['shared/**'], prompt: loggedScript(probe, 'c', 'mkdir -p shared\necho c > shared/c.txt\nsleep 0.3') },
      { id: 'd', files: ['shared/**'], prompt: loggedScript(probe, 'd', 'mkdir -p shared\necho d > shared/d.txt\nsleep 0.3') },
    ]);
    const run = await h.start(plan);
    const report = await run.finish();
    expect(statuses(report)).toEqual({ a: 'merged', b: 'merged', c: 'merged', d: 'merged' });

    const log = await h.probeLines();
    expect(log.indexOf('start b')).toBeGreaterThan(log.indexOf('end a'));
    const order = (id: string, status: string) => run.transitions.findIndex((t) => t.task === id && t.status === status);
    expect(order('b', 'running')).toBeGreaterThan(order('a', 'merged'));
    // The lock pair: one ran start to end, merged, then the other started.
    const [first, second] = log.indexOf('start c') < log.indexOf('start d') ? ['c', 'd'] : ['d', 'c'];
    expect(log.indexOf(`end ${first}`)).toBeLessThan(log.indexOf(`start ${second}`));
    expect(order(second, 'running')).toBeGreaterThan(order(first, 'merged'));

    expect((await h.repo.git('ls-tree', '-r', '--name-only', 'main')).split('\n').sort()).toEqual(['README.md', 'a.txt', 'b.txt', 'shared/c.txt', 'shared/d.txt']);
  });

  it('retries a failing attempt in a fresh worktree and merges the one that succeeds', async () => {
    h = await createRunHarness();
    const tried = path.join(h.probe, 'tried');
    const plan = h.plan([
      {
        id: 'r',
        retries: 1,
        // The first attempt leaves a mark and fails; the second finds the mark and does the work.
        prompt: `if [ ! -f ${JSON.stringify(tried)} ]; then touch ${JSON.stringify(tried)}; echo half > half.txt; exit 1; fi\necho done > r.txt`,
      },
    ]);
    const run = await h.start(plan);
    const report = await run.finish();
    const task = report.tasks.find((candidate) => candidate.id === 'r')!;
    expect(task).toMatchObject({ status: 'merged', attempts: 2 });
    expect(await h.repo.git('show', 'main:r.txt')).toBe('done');
    // The failed attempt's half-done work did not land.
    expect(await h.repo.git('ls-tree', '--name-only', 'main')).not.toContain('half.txt');
  });

  it('cancel kills the running agents, merges nothing, and ends their dependents', async () => {
    h = await createRunHarness();
    const pidFile = path.join(h.probe, 'slow.pid');
    const head = await h.repo.git('rev-parse', 'main');
    const plan = h.plan([
      // exec: the pid written is the sleeping process itself, the agent's own child.
      { id: 'slow', prompt: `echo work > slow.txt\necho $$ > ${JSON.stringify(pidFile)}\nexec sleep 60` },
      { id: 'after', dependsOn: ['slow'], prompt: 'echo after > after.txt' },
    ]);
    const run = await h.start(plan);
    await until('the slow agent to start', () => existsSync(pidFile));
    const pid = Number((await readFile(pidFile, 'utf8')).trim());
    expect(isPidAlive(pid)).toBe(true);

    run.controller.cancel();
    const report = await run.finish();
    expect(statuses(report)).toEqual({ slow: 'cancelled', after: 'cancelled' });
    await until('the agent process to be gone', () => !isPidAlive(pid));
    expect(await h.repo.git('rev-parse', 'main')).toBe(head);
    expect(await h.repo.git('ls-tree', '--name-only', 'main')).toBe('README.md');
  });
});
