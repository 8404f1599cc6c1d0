import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunState } from '../storage/runState';
import { cleanRuns } from './cleanRuns';
import { asKilledRun, createRunHarness, loggedScript, type RunHarness, type StartedRun } from './testing/runHarness';

/**
 * The two moments a kill -9 used to leave things behind (issue 13, finding 9), made exactly, each leftover
 * as git and the state file hold it afterwards; the chaos test (cli/chaos.int.test.ts) finds them at random.
 */
describe('leftovers of a kill at the wrong moment', () => {
  let h: RunHarness | undefined;
  afterEach(async () => {
    await h?.cleanup();
    h = undefined;
  });

  /**
   * A run of `a` and `c` where `a` merged and `c` committed its work (it waits in review, so it does not
   * land); then the run is stopped and its state rewritten as a dead process left it, by `edit`.
   */
  async function stoppedRun(edit: (state: RunState, c: RunState['tasks'][number]) => Promise<void>) {
    h = await createRunHarness();
    const plan = h.plan([
      { id: 'a', prompt: loggedScript(h.probe, 'a', 'echo a > a.txt') },
      { id: 'c', review: true, prompt: loggedScript(h.probe, 'c', 'echo c > c.txt') },
    ]);
    const first = await h.start(plan, { review: { all: false } });
    await first.reached('a', 'merged');
    await first.reached('c', 'review');
    const attempt = first.controller.taskContext('c')!.record.attempts[0]!;
    first.controller.cancel();
    await first.finish();
    const state = await asKilledRun(h.repo.dir, first.controller.runId, (killed) => edit(killed, killed.tasks.find((task) => task.id === 'c')!));
    return { plan, runId: state.id, attempt, root: path.dirname(attempt.worktree) };
  }

  /** Nothing of ours left: the main checkout only, no task branch, no worktree administration. */
  async function expectNothingLeft(run: StartedRun) {
    const report = await run.finish();
    expect(report.tasks.map((task) => [task.id, task.status])).toEqual([
      ['a', 'merged'],
      ['c', 'merged'],
    ]);
    const worktrees = (await h!.repo.git('worktree', 'list', '--porcelain')).split('\n').filter((line) => line.startsWith('worktree '));
    expect(worktrees).toEqual([`worktree ${h!.repo.dir}`]);
    expect(await h!.repo.git('branch', '--list', 'wavelane/*')).toBe('');
    const admin = path.join(h!.repo.dir, '.git', 'worktrees');
    expect(existsSync(admin) ? await readdir(admin) : []).toEqual([]);
    const merges = (await h!.repo.git('log', '--merges', '--format=%(trailers:key=Wavelane-Task,valueonly)', 'main')).split('\n').filter(Boolean);
    expect(merges.sort()).toEqual(['a', 'c']);
    expect(await h!.repo.git('show', 'main:c.txt')).toBe('c');
  }

  it.each([
    ['recorded, but its commit and end were never written', 'running'],
    ['never recorded at all (the state still says pending)', 'pending'],
  ] as const)('merges a committed attempt %s, without running its agent again', async (_, status) => {
    const { plan } = await stoppedRun(async (_state, c) => {
      c.status = status;
      c.reason = null;
      if (status === 'pending') c.attempts = [];
      else Object.assign(c.attempts[0]!, { endedAt: null, exitCode: null, commit: null });
    });
    const second = await h!.start(plan);
    expect(second.prepared.resumed?.decisions).toContainEqual(expect.objectContaining({ task: 'c', to: 'merging' }));
    await expectNothingLeft(second);
    const log = await h!.probeLines();
    expect(log.filter((line) => line === 'start c')).toHaveLength(1);
    expect(second.transitions.filter((t) => t.task === 'c').map((t) => t.status)).toEqual(['merging', 'merged']);
  });

  /**
   * A kill inside `git worktree add -b wavelane/c`: git had made the branch and locked the new entry as
   * `initializing`, and checked out nothing yet; another attempt's `git branch` went through but not its
   * add. The state never heard of either.
   */
  async function halfCreated(root: string) {
    const repo = h!.repo;
    const base = await repo.git('rev-parse', 'main');
    const dir = path.join(root, 'c');
    await repo.git('worktree', 'add', '-q', '-b', 'wavelane/c', dir, base);
    const admin = await repo.git('-C', dir, 'rev-parse', '--absolute-git-dir');
    await writeFile(path.join(admin, 'locked'), 'initializing');
    for (const name of await readdir(dir)) if (name !== '.git') await rm(path.join(dir, name), { recursive: true, force: true });
    await repo.git('branch', 'wavelane/c-2', base);
    return dir;
  }

  it('removes a worktree whose `git worktree add` was killed, and its branch, then runs the task afresh', async () => {
    const { plan, root } = await stoppedRun(async (_state, c) => {
      await h!.repo.git('worktree', 'remove', '--force', c.attempts[0]!.worktree);
      await h!.repo.git('branch', '-D', c.attempts[0]!.branch);
      c.status = 'running';
      c.reason = null;
      c.attempts = [];
    });
    const dir = await halfCreated(root);
    expect(await h!.repo.git('worktree', 'list', '--porcelain')).toContain('locked initializing');

    const second = await h!.start(plan);
    await expectNothingLeft(second);
    expect(existsSync(dir)).toBe(false);
    expect((await h!.probeLines()).filter((line) => line === 'start c')).toHaveLength(2);
  });

  it('`clean` removes a half-created worktree and the unrecorded branches of a finished run, and keeps a branch holding work', async () => {
    const { root } = await stoppedRun(async (state, c) => {
      state.state = 'finished';
      state.endedAt = new Date().toISOString();
      await h!.repo.git('worktree', 'remove', '--force', c.attempts[0]!.worktree);
      await h!.repo.git('branch', '-D', c.attempts[0]!.branch);
      c.status = 'cancelled';
      c.attempts = [];
    });
    const dir = await halfCreated(root);
    // A branch of ours with a commit the target lacks, recorded by no attempt: work, kept without --force.
    await h!.repo.git('branch', 'wavelane/c-3', 'main');
    await h!.repo.git('worktree', 'add', '-q', path.join(root, 'scratch'), 'wavelane/c-3');
    await writeFile(path.join(root, 'scratch', 'w.txt'), 'work\n');
    await h!.repo.git('-C', path.join(root, 'scratch'), 'add', '-A');
    await h!.repo.git('-C', path.join(root, 'scratch'), 'commit', '-q', '-m', 'work');
    await h!.repo.git('worktree', 'remove', path.join(root, 'scratch'));

    const cleaned = await cleanRuns(h!.repo.dir, false);
    if (!cleaned.ok) throw new Error(cleaned.error.message);
    expect(cleaned.value.failed).toEqual([]);
    expect(existsSync(dir)).toBe(false);
    expect(await h!.repo.git('branch', '--list', 'wavelane/*')).toBe('  wavelane/c-3');
    expect(cleaned.value.kept).toContainEqual(expect.objectContaining({ kind: 'branch', name: 'wavelane/c-3', reason: expect.stringContaining('--force') }));
    expect((await h!.repo.git('worktree', 'list', '--porcelain')).split('\n').filter((line) => line.startsWith('worktree '))).toHaveLength(1);
  });

  it('`clean` removes the admin entry of a `git worktree add` killed before it wrote its gitdir (git lists it nowhere)', async () => {
    await stoppedRun(async (state) => {
      state.state = 'finished';
      state.endedAt = new Date().toISOString();
    });
    // What git leaves at that moment: the entry folder with its `initializing` lock, and no gitdir file.
    const admin = path.join(h!.repo.dir, '.git', 'worktrees', 'c-2');
    await mkdir(admin, { recursive: true });
    await writeFile(path.join(admin, 'locked'), 'initializing');
    await writeFile(path.join(admin, 'HEAD'), 'ref: refs/heads/wavelane/c-2\n');
    // Someone else's entry of the same kind (not named after a task) is left alone.
    const foreign = path.join(h!.repo.dir, '.git', 'worktrees', 'elsewhere');
    await mkdir(foreign, { recursive: true });
    await writeFile(path.join(foreign, 'locked'), 'initializing');

    const cleaned = await cleanRuns(h!.repo.dir, false);
    if (!cleaned.ok) throw new Error(cleaned.error.message);
    expect(cleaned.value.failed).toEqual([]);
    expect(existsSync(admin)).toBe(false);
    expect(existsSync(path.join(foreign, 'locked'))).toBe(true);
  });
});
