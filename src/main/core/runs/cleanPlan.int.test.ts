import { access, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTempRepo, makeTempDir, type TempRepo } from '../testing/tempRepo';
import { planClean, type CleanAction, type CleanPlan } from './cleanPlan';
import { attemptFixture, runStateFixture, taskFixture } from '../storage/runStateFixture';
import type { RunState, TaskRecord } from '../storage/runState';
import { RunStore } from '../storage/runStore';

const OLDEST = '20260101-090000-0001';
const OLD = '20260101-100000-0002';
const CURRENT = '20260101-110000-0003';
const exists = (file: string) => access(file).then(() => true, () => false);
const DEAD_OWNER = { pid: 2_147_000_000, hostname: 'build-server', startedAt: '2026-01-01T00:00:00.000Z', heartbeatAt: '2026-01-01T00:00:00.000Z' };

describe('planClean (real repositories and worktrees)', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup() {
    const repo: TempRepo = await createTempRepo();
    cleanups.push(repo.cleanup);
    const root = await makeTempDir('wavelane-wt-');
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    const opened = await RunStore.open(repo.dir);
    if (!opened.ok) throw new Error(opened.error.message);
    const store = opened.value;
    cleanups.push(() => store.close());
    const base = await repo.git('rev-parse', 'HEAD');
    const worktree = async (name: string, options: { detach?: boolean } = {}) => {
      const dir = path.join(root, name);
      if (options.detach) await repo.git('worktree', 'add', '-q', '--detach', dir, base);
      else await repo.git('worktree', 'add', '-q', '-b', `wavelane/${name}`, dir, base);
      return dir;
    };
    const commitIn = async (dir: string, file: string) => {
      await writeFile(path.join(dir, file), `${file}\n`);
      await repo.git('-C', dir, 'add', '-A');
      await repo.git('-C', dir, 'commit', '-q', '-m', `add ${file}`);
      return repo.git('-C', dir, 'rev-parse', 'HEAD');
    };
    const task = (id: string, status: TaskRecord['status'], dir: string, branch = `wavelane/${id}`) =>
      taskFixture(id, { status, attempts: [attemptFixture(1, { branch, worktree: dir })] });
    const saveRun = async (id: string, tasks: TaskRecord[], fields: Partial<RunState> = {}) => {
      const state = runStateFixture({
        id,
        repo: repo.dir,
        target: { branch: 'main', head: base },
        options: { ...runStateFixture().options, worktreeRoot: root },
        state: 'finished',
        owner: DEAD_OWNER,
        tasks,
        ...fields,
      });
      const saved = await store.saveRunState(state);
      if (!saved.ok) throw new Error(saved.error.message);
      return state;
    };
    const plan = async (force: boolean, currentRunId: string | null = CURRENT) => {
      const listing = await store.listRuns();
      if (!listing.ok) throw new Error(listing.error.message);
      const result = await planClean({ repoDir: repo.dir, paths: store.paths, listing: listing.value, currentRunId, force });
      if (!result.ok) throw new Error(result.error.message);
      return result.value;
    };
    return { repo, root, store, base, worktree, commitIn, task, saveRun, plan };
  }

  /** Finished runs leave: a merged task's clean worktree, a conflicted task's unmerged commit, a failed task's dirty files. */
  async function finishedRuns() {
    const ctx = await setup();
    const { repo, worktree, commitIn, task, saveRun } = ctx;
    const doneDir = await worktree('done');
    const doneCommit = await commitIn(doneDir, 'done.txt');
    await repo.git('merge', '-q', '--no-ff', 'wavelane/done', '-m', 'Merge task done');
    const conflictDir = await worktree('conflicted');
    const unmerged = await commitIn(conflictDir, 'conflict.txt');
    const dirtyDir = await worktree('dirty');
    await writeFile(path.join(dirtyDir, 'wip.txt'), 'work in progress\n');
    await repo.git('branch', 'wavelane/leftover'); // a merged branch whose worktree is already gone
    await saveRun(OLDEST, [taskFixture('ancient', { status: 'merged' })]);
    await saveRun(OLD, [
      task('done', 'merged', doneDir),
      task('conflicted', 'conflict', conflictDir),
      task('dirty', 'failed', dirtyDir),
      task('leftover', 'merged', path.join(ctx.root, 'leftover')),
    ]);
    await saveRun(CURRENT, [task('newest', 'merged', path.join(ctx.root, 'newest'))]);
    return { ...ctx, doneDir, doneCommit, conflictDir, unmerged, dirtyDir };
  }

  const kinds = (plan: CleanPlan) => plan.actions.map((action) => `${action.kind}:${describe_(action)}`);
  const describe_ = (action: CleanAction) =>
    action.kind === 'removeWorktree' ? `${path.basename(action.path)}${action.force ? '!' : ''}` : action.kind === 'deleteBranch' ? `${action.branch}${action.force ? '!' : ''}` : action.kind === 'removeRunDir' ? action.run : 'prune';

  it('removes what is safe, keeps unmerged and uncommitted work without --force, and says why', async () => {
    const { plan } = await finishedRuns();
    const cleaned = await plan(false);
    expect(kinds(cleaned)).toEqual([
      'removeWorktree:done',
      'deleteBranch:wavelane/done',
      'deleteBranch:wavelane/leftover',
      `removeRunDir:${OLDEST}`,
    ]);
    const kept = Object.fromEntries(cleaned.kept.map((item) => [item.kind === 'worktree' ? path.basename(item.name) : item.name, item.reason]));
    expect(kept).toEqual({
      conflicted: '1 commit not on main (--force removes it)',
      dirty: 'uncommitted changes in 1 file (wip.txt) (--force removes it)',
      'wavelane/conflicted': 'checked out in a worktree that is kept',
      'wavelane/dirty': 'checked out in a worktree that is kept',
      [OLD]: 'its record stays while 4 of its worktrees or branches are kept',
    });
  });

  it('never loses an unmerged commit or an uncommitted file without --force, executed with real git', async () => {
    const { repo, plan, store, doneDir, conflictDir, unmerged, dirtyDir } = await finishedRuns();
    await execute(repo, await plan(false));
    expect(await exists(doneDir)).toBe(false);
    expect(await repo.git('rev-parse', 'wavelane/conflicted')).toBe(unmerged);
    expect(await readFile(path.join(conflictDir, 'conflict.txt'), 'utf8')).toBe('conflict.txt\n');
    expect(await readFile(path.join(dirtyDir, 'wip.txt'), 'utf8')).toBe('work in progress\n');
    expect(await exists(store.paths.runDir(OLDEST))).toBe(false);
    expect(await exists(store.paths.runDir(OLD))).toBe(true);
    expect(await exists(store.paths.runDir(CURRENT))).toBe(true);
    // Cleaning again finds nothing new to remove.
    expect((await plan(false)).actions).toEqual([]);
  });

  it('with --force removes the unmerged work too, saying what it discards', async () => {
    const { repo, plan, store, conflictDir, dirtyDir } = await finishedRuns();
    const forced = await plan(true);
    expect(kinds(forced)).toEqual([
      'removeWorktree:done',
      'removeWorktree:conflicted!',
      'removeWorktree:dirty!',
      'deleteBranch:wavelane/done',
      'deleteBranch:wavelane/conflicted!',
      'deleteBranch:wavelane/dirty',
      'deleteBranch:wavelane/leftover',
      `removeRunDir:${OLDEST}`,
      `removeRunDir:${OLD}`,
    ]);
    const conflicted = forced.actions.find((action) => action.kind === 'removeWorktree' && action.path === conflictDir);
    expect(conflicted?.reason).toBe('--force: discards 1 commit not on main');
    await execute(repo, forced);
    expect(await exists(conflictDir)).toBe(false);
    expect(await exists(dirtyDir)).toBe(false);
    expect(await repo.git('branch', '--format=%(refname:short)')).toBe('main');
    expect(await exists(store.paths.runDir(OLD))).toBe(false);
    expect(forced.kept).toEqual([]);
  });

  it('leaves a live run and a resumable current run alone, even with --force', async () => {
    const { worktree, commitIn, task, saveRun, plan } = await setup();
    const liveDir = await worktree('live');
    await commitIn(liveDir, 'live.txt');
    const me = { pid: process.pid, hostname: os.hostname(), startedAt: new Date().toISOString(), heartbeatAt: new Date().toISOString() };
    await saveRun(OLD, [task('live', 'running', liveDir)], { state: 'running', owner: me });
    const interruptedDir = await worktree('interrupted');
    await saveRun(CURRENT, [task('interrupted', 'running', interruptedDir)], { state: 'running', owner: DEAD_OWNER });
    const unrecorded = await worktree('unrecorded');
    const cleaned = await plan(true);
    expect(cleaned.actions).toEqual([]);
    expect(cleaned.kept.map((item) => [item.kind, item.name])).toEqual([
      ['run', OLD],
      ['run', CURRENT],
    ]);
    expect(cleaned.kept[0]?.reason).toContain('is active');
    expect(cleaned.kept[1]?.reason).toContain('`wavelane run` resumes it');
    expect(await exists(unrecorded)).toBe(true);
  });

  it('an interrupted run that is no longer current is cleaned like a finished one', async () => {
    const { worktree, task, saveRun, plan } = await setup();
    const dir = await worktree('abandoned');
    await saveRun(OLD, [task('abandoned', 'running', dir)], { state: 'running', owner: DEAD_OWNER });
    await saveRun(CURRENT, []);
    expect(kinds(await plan(false))).toEqual(['removeWorktree:abandoned', 'deleteBranch:wavelane/abandoned', `removeRunDir:${OLD}`]);
  });

  it('finds worktrees under a run root that no state recorded, and keeps orphan commits without --force', async () => {
    const { repo, worktree, commitIn, saveRun, plan } = await setup();
    await saveRun(CURRENT, []);
    const clean = await worktree('unrecorded-clean');
    const detached = await worktree('unrecorded-detached', { detach: true });
    await commitIn(detached, 'orphan.txt');
    const outside = await makeTempDir('wavelane-elsewhere-');
    cleanups.push(() => rm(outside, { recursive: true, force: true }));
    await repo.git('worktree', 'add', '-q', '-b', 'users-own', path.join(outside, 'mine'));
    const usersUnderRoot = path.join(path.dirname(clean), 'users-feature');
    await repo.git('worktree', 'add', '-q', '-b', 'feature', usersUnderRoot);

    const cleaned = await plan(false);
    expect(kinds(cleaned)).toEqual(['removeWorktree:unrecorded-clean']);
    expect(cleaned.kept).toEqual([
      { kind: 'worktree', name: detached, run: null, reason: 'recorded by no run; 1 commit on no branch (--force removes it)' },
    ]);
    await execute(repo, cleaned);
    expect(await exists(clean)).toBe(false);
    expect(await repo.git('rev-parse', '--verify', 'wavelane/unrecorded-clean')).toMatch(/^[0-9a-f]{40}$/);
    expect(kinds(await plan(true))).toEqual(['removeWorktree:unrecorded-detached!']);
    expect(await exists(path.join(outside, 'mine'))).toBe(true);
    expect(await exists(usersUnderRoot)).toBe(true);
  });

  it('never takes the main checkout for a task worktree, even if a damaged state says so', async () => {
    const { repo, task, saveRun, plan } = await setup();
    await repo.git('branch', 'wavelane/odd');
    await saveRun(OLD, [task('odd', 'merged', repo.dir)]);
    await saveRun(CURRENT, []);
    const cleaned = await plan(true);
    expect(cleaned.actions.filter((action) => action.kind === 'removeWorktree')).toEqual([]);
    expect(cleaned.kept).toContainEqual({ kind: 'worktree', name: repo.dir, run: OLD, reason: "it is the repository's main checkout" });
  });

  it('respects --keep-branches unless forced, and reports runs whose state cannot be read', async () => {
    const { repo, store, saveRun, plan } = await setup();
    await repo.git('branch', 'wavelane/kept');
    await saveRun(OLD, [taskFixture('kept', { status: 'merged', attempts: [attemptFixture(1, { branch: 'wavelane/kept', worktree: '/nowhere/kept' })] })], {
      options: { ...runStateFixture().options, keepBranches: true, worktreeRoot: '/nowhere' },
    });
    await saveRun(CURRENT, []);
    await mkdir(store.paths.runDir(OLDEST), { recursive: true });
    await writeFile(store.paths.stateFile(OLDEST), 'garbage');
    const cleaned = await plan(false);
    expect(cleaned.actions).toEqual([]);
    expect(cleaned.kept.map((item) => [item.kind, item.name, item.reason.slice(0, 40)])).toEqual([
      ['run', OLDEST, `${store.paths.stateFile(OLDEST)} is not valid JSON`.slice(0, 40)],
      ['branch', 'wavelane/kept', 'the run was started with --keep-branches'],
      ['run', OLD, 'its record stays while 1 of its worktree'],
    ]);
    expect(kinds(await plan(true))).toEqual(['deleteBranch:wavelane/kept', `removeRunDir:${OLD}`]);
  });

  it('prunes a recorded worktree whose folder was deleted by hand', async () => {
    const { worktree, task, saveRun, plan } = await setup();
    const dir = await worktree('vanished');
    await rm(dir, { recursive: true, force: true });
    await saveRun(CURRENT, [task('vanished', 'merged', dir)]);
    expect(kinds(await plan(false))).toEqual(['pruneWorktrees:prune', 'deleteBranch:wavelane/vanished']);
  });
});

/** What `wavelane clean` does with a plan, through real git. */
async function execute(repo: TempRepo, plan: CleanPlan): Promise<void> {
  for (const action of plan.actions) {
    if (action.kind === 'removeWorktree') await repo.git('worktree', 'remove', ...(action.force ? ['--force'] : []), action.path);
    else if (action.kind === 'pruneWorktrees') await repo.git('worktree', 'prune');
    else if (action.kind === 'deleteBranch') await repo.git('update-ref', '-d', `refs/heads/${action.branch}`, action.tip);
    else await rm(action.path, { recursive: true });
  }
}
