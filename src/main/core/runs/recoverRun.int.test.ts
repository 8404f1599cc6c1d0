import { spawn } from 'node:child_process';
import { access, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTempRepo, makeTempDir, type TempRepo } from '../testing/tempRepo';
import { systemHostProbe } from './ownerLiveness';
import { recoverRun, type RecoveryPlan } from './recoverRun';
import { attemptFixture, runStateFixture, taskFixture } from '../storage/runStateFixture';
import type { RunState, TaskRecord } from '../storage/runState';

const RUN = '20260301-100000-abcd';
const exists = (file: string) => access(file).then(() => true, () => false);

/** A pid that belonged to a real process which is now gone. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid as number;
}

describe('recoverRun (real repositories and worktrees)', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A repository as a crashed run left it, with one task per situation recovery must judge. */
  async function crashedRun() {
    const repo: TempRepo = await createTempRepo({ files: { 'README.md': '# r\n', 'src/app.ts': 'export {};\n' } });
    cleanups.push(repo.cleanup);
    const root = await makeTempDir('wavelane-wt-');
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    const start = await repo.git('rev-parse', 'HEAD');
    const worktree = async (task: string, n = 1) => {
      const dir = path.join(root, `${task}-${n}`);
      await repo.git('worktree', 'add', '-q', '-b', `wavelane/${task}`, dir, start);
      return dir;
    };
    const commitIn = async (dir: string, file: string, message: string) => {
      await writeFile(path.join(dir, file), `${message}\n`);
      await repo.git('-C', dir, 'add', '-A');
      await repo.git('-C', dir, 'commit', '-q', '-m', message, '-m', `Wavelane-Task: ${message}\nWavelane-Run: ${RUN}`);
      return repo.git('-C', dir, 'rev-parse', 'HEAD');
    };
    const land = async (task: string) => {
      await repo.git('merge', '-q', '--no-ff', `wavelane/${task}`, '-m', `Merge task ${task}: ${task}`, '-m', `Wavelane-Task: ${task}\nWavelane-Run: ${RUN}`);
      return repo.git('rev-parse', 'HEAD');
    };
    const attempt = (task: string, dir: string, fields: Parameters<typeof attemptFixture>[1] extends infer F ? Partial<F> : never = {}) =>
      attemptFixture(1, { branch: `wavelane/${task}`, worktree: dir, startedAt: '2026-03-01T10:00:00.000Z', ...fields });

    // merged, and recorded so: its worktree was already removed, its branch is left.
    const mergedDir = await worktree('merged-ok');
    await commitIn(mergedDir, 'merged.txt', 'merged-ok');
    await repo.git('worktree', 'remove', mergedDir);
    const mergedCommit = await land('merged-ok');

    // merged, but the process died before recording it: the state still says merging.
    const landedDir = await worktree('landed');
    await commitIn(landedDir, 'landed.txt', 'landed');
    const landedCommit = await land('landed');

    // interrupted with uncommitted work (a modified file and a new one).
    const dirtyDir = await worktree('dirty');
    await writeFile(path.join(dirtyDir, 'src', 'app.ts'), 'export const changed = true;\n');
    await writeFile(path.join(dirtyDir, 'notes.md'), 'half done\n');

    // interrupted after the agent committed, before the merge.
    const committedDir = await worktree('committed');
    const unmergedCommit = await commitIn(committedDir, 'feature.ts', 'committed');

    // interrupted before the agent changed anything.
    const freshDir = await worktree('fresh');

    // recorded as merged, but that merge is not on main (the user reset main, say).
    const sideDir = await worktree('lost-merge');
    const offTarget = await commitIn(sideDir, 'side.txt', 'lost-merge');
    await repo.git('worktree', 'remove', sideDir);
    await repo.git('branch', '-D', 'wavelane/lost-merge');

    // failed earlier: its worktree is kept for inspection, and recovery leaves it alone.
    const failedDir = await worktree('failed');
    await writeFile(path.join(failedDir, 'broken.ts'), 'oops\n');

    // interrupted, and its folder was deleted by hand (git still lists it).
    const goneDir = await worktree('gone');
    await rm(goneDir, { recursive: true, force: true });

    const tasks: TaskRecord[] = [
      taskFixture('merged-ok', { status: 'merged', mergeCommit: mergedCommit, attempts: [attempt('merged-ok', mergedDir, { exitCode: 0 })] }),
      taskFixture('landed', { status: 'merging', attempts: [attempt('landed', landedDir, { exitCode: 0 })] }),
      taskFixture('dirty', { status: 'running', attempts: [attempt('dirty', dirtyDir)] }),
      taskFixture('committed', { status: 'merging', attempts: [attempt('committed', committedDir, { exitCode: 0 })], conflicts: [] }),
      taskFixture('fresh', { status: 'running', attempts: [attempt('fresh', freshDir)] }),
      taskFixture('lost-merge', { status: 'merged', mergeCommit: offTarget, attempts: [attempt('lost-merge', sideDir, { exitCode: 0 })] }),
      taskFixture('failed', { status: 'failed', reason: 'exit code 2', attempts: [attempt('failed', failedDir, { exitCode: 2 })] }),
      taskFixture('gone', { status: 'running', attempts: [attempt('gone', goneDir)] }),
      taskFixture('waiting', { status: 'pending' }),
    ];
    const heartbeat = new Date(Date.now() - 5_000).toISOString();
    const state: RunState = runStateFixture({
      id: RUN,
      repo: repo.dir,
      target: { branch: 'main', head: start },
      options: { ...runStateFixture().options, worktreeRoot: root },
      owner: { pid: await deadPid(), hostname: os.hostname(), startedAt: heartbeat, heartbeatAt: heartbeat },
      tasks,
    });
    return { repo, root, state, dirs: { mergedDir, landedDir, dirtyDir, committedDir, freshDir, failedDir, goneDir }, commits: { mergedCommit, landedCommit, unmergedCommit, offTarget } };
  }

  const recover = async (state: RunState, repoDir: string) => {
    const result = await recoverRun({ state, repoDir });
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  };

  it('decides per task: merged stays merged by reachability, a landed merge is found, the interrupted restart', async () => {
    const { repo, state, commits } = await crashedRun();
    const plan = await recover(state, repo.dir);
    expect(plan.ownerReason).toContain('is no longer running');
    expect(plan.targetHead).toBe(await repo.git('rev-parse', 'main'));
    const decisions = Object.fromEntries(plan.decisions.map((decision) => [decision.task, decision]));
    expect(Object.keys(decisions).sort()).toEqual(['committed', 'dirty', 'fresh', 'gone', 'landed', 'lost-merge']);
    expect(decisions.landed).toMatchObject({ from: 'merging', to: 'merged', mergeCommit: commits.landedCommit });
    expect(decisions.dirty).toMatchObject({ from: 'running', to: 'pending' });
    expect(decisions.dirty?.reason).toBe('interrupted while running (attempt 1); restarting in a fresh worktree');
    // Committed (our trailers) but not merged: straight back to the merge queue, never run again.
    expect(decisions.committed).toMatchObject({ from: 'merging', to: 'merging' });
    expect(decisions.committed?.reason).toContain('straight to the merge queue');
    expect(decisions['lost-merge']).toMatchObject({ from: 'merged', to: 'pending' });
    expect(decisions['lost-merge']?.reason).toContain('is not on main any more');

    const status = Object.fromEntries(plan.state.tasks.map((task) => [task.id, task.status]));
    expect(status).toEqual({
      'merged-ok': 'merged',
      landed: 'merged',
      dirty: 'pending',
      committed: 'merging',
      fresh: 'pending',
      'lost-merge': 'pending',
      failed: 'failed',
      gone: 'pending',
      waiting: 'pending',
    });
    const landed = plan.state.tasks.find((task) => task.id === 'landed');
    expect(landed).toMatchObject({ mergeCommit: commits.landedCommit, reason: null });
    // An open attempt is closed at the owner's last sign of life; the input state is not modified.
    const dirty = plan.state.tasks.find((task) => task.id === 'dirty');
    expect(dirty?.attempts[0]?.endedAt).toBe(state.owner.heartbeatAt);
    expect(state.tasks.find((task) => task.id === 'dirty')?.status).toBe('running');
  });

  it('keeps interrupted worktrees holding work, lists clean leftovers, and never lists the failed task', async () => {
    const { repo, state, dirs } = await crashedRun();
    const plan = await recover(state, repo.dir);
    const kept = Object.fromEntries(plan.kept.map((item) => [item.task, item]));
    expect(Object.keys(kept).sort()).toEqual(['dirty']);
    expect(kept.dirty).toMatchObject({ worktree: dirs.dirtyDir, branch: 'wavelane/dirty', attempt: 1 });
    expect(kept.dirty?.reason).toBe('uncommitted changes in 2 files (notes.md, src/app.ts)');

    expect(plan.removeWorktrees.map((item) => [item.task, item.worktree]).sort()).toEqual([
      ['fresh', dirs.freshDir],
      ['landed', dirs.landedDir],
    ]);
    expect(plan.pruneWorktrees).toBe(true);
    expect(plan.deleteBranches.map((item) => item.branch).sort()).toEqual(['wavelane/fresh', 'wavelane/gone', 'wavelane/landed', 'wavelane/merged-ok']);
    const everything = JSON.stringify([plan.kept, plan.removeWorktrees, plan.deleteBranches]);
    expect(everything).not.toContain('failed');
  });

  it('produces actions that real git carries out without losing anything kept', async () => {
    const { repo, state, dirs, commits } = await crashedRun();
    const plan = await recover(state, repo.dir);
    await execute(repo, plan);
    expect(await exists(dirs.freshDir)).toBe(false);
    expect(await exists(dirs.landedDir)).toBe(false);
    expect(await readFile(path.join(dirs.dirtyDir, 'notes.md'), 'utf8')).toBe('half done\n');
    expect(await readFile(path.join(dirs.failedDir, 'broken.ts'), 'utf8')).toBe('oops\n');
    expect(await repo.git('rev-parse', 'wavelane/committed')).toBe(commits.unmergedCommit);
    const branches = (await repo.git('branch', '--format=%(refname:short)')).split('\n').sort();
    expect(branches).toEqual(['main', 'wavelane/committed', 'wavelane/dirty', 'wavelane/failed']);
    expect(await repo.git('worktree', 'list', '--porcelain')).not.toContain(dirs.goneDir);
    // A second recovery of the resumed state finds nothing more to remove and still keeps the work.
    const again = await recover({ ...plan.state }, repo.dir);
    expect(again.decisions).toEqual([]);
    expect(again.removeWorktrees).toEqual([]);
    expect(again.deleteBranches).toEqual([]);
    expect(again.kept.map((item) => item.task).sort()).toEqual(['dirty']);
  });

  it('lists the events to append: the recovery, each decision, each kept worktree', async () => {
    const { repo, state } = await crashedRun();
    const plan = await recover(state, repo.dir);
    expect(plan.events[0]).toMatchObject({ type: 'run.recovered', previousOwner: { pid: state.owner.pid } });
    expect(plan.events.filter((event) => event.type === 'task.status')).toHaveLength(plan.decisions.length);
    expect(plan.events).toContainEqual(expect.objectContaining({ type: 'task.status', task: 'landed', from: 'merging', status: 'merged', attempt: 1 }));
    expect(plan.events.filter((event) => event.type === 'work.kept').map((event) => event.task).sort()).toEqual(['dirty']);
  });

  it('refuses a run that is still owned, one that ended, and one whose target is gone', async () => {
    const { repo, state } = await crashedRun();
    const owned = await recoverRun({ state: { ...state, owner: { ...state.owner, pid: process.pid } }, repoDir: repo.dir });
    expect(owned.ok === false && owned.error.code).toBe('RUN_ACTIVE');
    const finished = await recoverRun({ state: { ...state, state: 'finished' }, repoDir: repo.dir });
    expect(finished.ok === false && finished.error.code).toBe('NOT_RESUMABLE');
    const noTarget = await recoverRun({ state: { ...state, target: { ...state.target, branch: 'release' } }, repoDir: repo.dir });
    expect(noTarget.ok === false && noTarget.error.code).toBe('TARGET_MISSING');
    expect(noTarget.ok === false && noTarget.error.message).toContain('release');
    const remoteFresh = { ...state, owner: { ...state.owner, hostname: 'build-server', heartbeatAt: new Date().toISOString() } };
    const busy = await recoverRun({ state: remoteFresh, repoDir: repo.dir });
    expect(busy.ok === false && busy.error.code).toBe('RUN_ACTIVE');
  });

  it('trusts a stale heartbeat from another host, and sends the search for strays there', async () => {
    const { repo, state } = await crashedRun();
    const remote = { ...state, owner: { ...state.owner, hostname: 'build-server', heartbeatAt: '2026-01-01T00:00:00.000Z' } };
    const plan = await recover(remote, repo.dir);
    expect(plan.ownerReason).toContain('build-server');
    expect(plan.strays).toEqual({ checked: false, note: expect.stringContaining('build-server'), processes: [] });
  });

  it('finds agents of the run that outlived it by their environment (Linux /proc)', async () => {
    if (!(await exists('/proc/self/environ'))) {
      console.log('skipped: this platform has no /proc to inspect processes');
      return;
    }
    const { repo, state, dirs } = await crashedRun();
    const sleeper = (env: Record<string, string>) =>
      spawn('sleep', ['30'], { cwd: dirs.dirtyDir, env: { ...process.env, ...env }, stdio: 'ignore' });
    const stray = sleeper({ WAVELANE_RUN_ID: RUN, WAVELANE_TASK_ID: 'dirty' });
    const other = sleeper({ WAVELANE_RUN_ID: '20250101-000000-ffff' });
    const plain = sleeper({});
    cleanups.push(async () => {
      for (const child of [stray, other, plain]) child.kill('SIGKILL');
    });
    // 'spawn' fires once exec succeeded (libuv waits for it), so /proc shows the child's own environment.
    await Promise.all([stray, other, plain].map((child) => new Promise((resolve) => child.once('spawn', resolve))));
    const plan = await recover(state, repo.dir);
    expect(plan.strays.checked).toBe(true);
    expect(plan.strays.processes).toEqual([{ pid: stray.pid, task: 'dirty' }]);
    expect(systemHostProbe.isPidAlive(stray.pid as number)).toBe(true);
  });
});

/** What the caller (the executor) does with a plan, through real git. */
async function execute(repo: TempRepo, plan: RecoveryPlan): Promise<void> {
  for (const item of plan.removeWorktrees) await repo.git('worktree', 'remove', item.worktree);
  if (plan.pruneWorktrees) await repo.git('worktree', 'prune');
  for (const item of plan.deleteBranches) await repo.git('update-ref', '-d', `refs/heads/${item.branch}`, item.tip);
}
