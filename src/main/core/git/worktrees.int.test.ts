import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempRepo, makeTempDir, type TempRepo } from '../testing/tempRepo';
import { isOurBranch, taskBranchName } from './branchNames';
import { commitTask } from './commitTask';
import { listWorktrees } from './worktreeList';
import { createTaskWorktree, deleteTaskBranch, removeTaskWorktree } from './worktrees';

describe('task worktrees and branches (real repositories)', () => {
  let r: TempRepo;
  let scratch: string;
  let root: string;
  beforeEach(async () => {
    r = await createTempRepo({ files: { 'README.md': 'readme\n' } });
    scratch = await makeTempDir('wavelane-worktrees-');
    root = path.join(scratch, 'worktrees');
  });
  afterEach(async () => {
    await r.cleanup();
    await rm(scratch, { recursive: true, force: true });
  });

  const create = (taskId: string, attempt?: number) => createTaskWorktree({ repo: r.dir, root, taskId, target: 'main', attempt });

  it('names branches wavelane/<id>, then -2, -3', () => {
    expect(taskBranchName('t1', 1)).toBe('wavelane/t1');
    expect(taskBranchName('t1', 2)).toBe('wavelane/t1-2');
    expect(taskBranchName('t1', 3)).toBe('wavelane/t1-3');
  });

  it('creates the worktree from the target head as it is when the task starts', async () => {
    const first = await create('t1');
    if (!first.ok) throw new Error(first.error.message);
    expect(first.value).toEqual({ path: path.join(root, 't1'), branch: 'wavelane/t1', attempt: 1, base: await r.git('rev-parse', 'main') });
    expect(await r.git('-C', first.value.path, 'symbolic-ref', '--short', 'HEAD')).toBe('wavelane/t1');
    // A dependency merges; the next task sees it.
    const merged = await r.commit('dependency merged', { 'dep.txt': 'dep\n' });
    const second = await create('t2');
    if (!second.ok) throw new Error(second.error.message);
    expect(second.value.base).toBe(merged);
    expect(await readFile(path.join(second.value.path, 'dep.txt'), 'utf8')).toBe('dep\n');
  });

  it('never clobbers a foreign branch that has our name: takes the next one', async () => {
    const foreignHead = await r.commit('the user’s own work');
    await r.git('branch', 'wavelane/t1', foreignHead);
    await r.git('reset', '-q', '--hard', 'HEAD~1');
    expect(await isOurBranch(r.dir, 'wavelane/t1', 't1')).toBe(false);
    const created = await create('t1');
    expect(created.ok && created.value).toMatchObject({ branch: 'wavelane/t1-2', attempt: 2 });
    expect(await r.git('rev-parse', 'wavelane/t1')).toBe(foreignHead);
    // And it is never deleted as if it were ours.
    const deleted = await deleteTaskBranch({ repo: r.dir, branch: 'wavelane/t1', taskId: 't1', reason: { kind: 'discarded' } });
    expect(deleted).toMatchObject({ ok: false, error: { code: 'NOT_OUR_BRANCH', where: 'wavelane/t1' } });
    expect(await r.git('rev-parse', 'wavelane/t1')).toBe(foreignHead);
  });

  it('tells a later attempt of task a from the first attempt of a task called a-2 by the trailer', async () => {
    const other = await create('a-2');
    if (!other.ok) throw new Error(other.error.message);
    await writeFile(path.join(other.value.path, 'x.txt'), 'x\n');
    const committed = await commitTask({
      worktree: other.value.path,
      branch: other.value.branch,
      base: other.value.base,
      title: 'x',
      stamp: { taskId: 'a-2', runId: 'r' },
    });
    expect(committed.ok).toBe(true);
    expect(await isOurBranch(r.dir, 'wavelane/a-2', 'a-2')).toBe(true);
    expect(await isOurBranch(r.dir, 'wavelane/a-2', 'a')).toBe(false);
    const second = await create('a', 2);
    expect(second.ok && second.value.branch).toBe('wavelane/a-3');
  });

  it('skips a leftover folder instead of reusing it', async () => {
    await mkdir(path.join(root, 't1'), { recursive: true });
    await writeFile(path.join(root, 't1', 'leftover.txt'), 'do not touch\n');
    const created = await create('t1');
    expect(created.ok && created.value.path).toBe(path.join(root, 't1-2'));
    expect(await readFile(path.join(root, 't1', 'leftover.txt'), 'utf8')).toBe('do not touch\n');
  });

  it('refuses a task id that makes no branch name, creating nothing', async () => {
    const created = await create('a..b');
    expect(created).toMatchObject({ ok: false, error: { code: 'INVALID_BRANCH_NAME', where: 'a..b' } });
    expect(existsSync(root)).toBe(false);
    expect(await r.git('branch', '--format=%(refname:short)')).toBe('main');
  });

  it('refuses a missing target, creating nothing', async () => {
    const created = await createTaskWorktree({ repo: r.dir, root, taskId: 't1', target: 'nope' });
    expect(created).toMatchObject({ ok: false, error: { code: 'TARGET_NOT_FOUND' } });
    expect(existsSync(root)).toBe(false);
  });

  it('never removes a worktree with uncommitted changes unless the work is discarded', async () => {
    const created = await create('t1');
    if (!created.ok) throw new Error(created.error.message);
    const dir = created.value.path;
    await writeFile(path.join(dir, 'unsaved.txt'), 'work\n');
    const refused = await removeTaskWorktree({ repo: r.dir, path: dir, reason: { kind: 'merged', into: 'main' } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'WORKTREE_DIRTY', where: dir, details: ['unsaved.txt'] } });
    expect(!refused.ok && refused.error.message).toContain(dir);
    expect(await readFile(path.join(dir, 'unsaved.txt'), 'utf8')).toBe('work\n');
    const discarded = await removeTaskWorktree({ repo: r.dir, path: dir, reason: { kind: 'discarded' } });
    expect(discarded.ok).toBe(true);
    expect(existsSync(dir)).toBe(false);
    const listed = await listWorktrees(r.dir);
    expect(listed.ok && listed.value.map((w) => w.path)).toEqual([r.dir]);
  });

  it('never removes a worktree or deletes a branch whose commits the target lacks', async () => {
    const created = await create('t1');
    if (!created.ok) throw new Error(created.error.message);
    const { path: dir, branch, base } = created.value;
    await writeFile(path.join(dir, 'done.txt'), 'done\n');
    const committed = await commitTask({ worktree: dir, branch, base, title: 'done', stamp: { taskId: 't1', runId: 'r' } });
    if (!committed.ok) throw new Error(committed.error.message);
    const refused = await removeTaskWorktree({ repo: r.dir, path: dir, reason: { kind: 'merged', into: 'main' } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'WORKTREE_NOT_MERGED' } });
    expect(existsSync(dir)).toBe(true);
    const checkedOut = await deleteTaskBranch({ repo: r.dir, branch, taskId: 't1', reason: { kind: 'discarded' } });
    expect(checkedOut).toMatchObject({ ok: false, error: { code: 'BRANCH_CHECKED_OUT' } });
    // Merged into the target: now both go.
    await r.git('merge', '-q', '--no-ff', '-m', 'merge', branch);
    expect((await removeTaskWorktree({ repo: r.dir, path: dir, reason: { kind: 'merged', into: 'main' } })).ok).toBe(true);
    const unmoved = await deleteTaskBranch({
      repo: r.dir,
      branch,
      taskId: 't1',
      expectedHead: 'f'.repeat(40),
      reason: { kind: 'merged', into: 'main' },
    });
    expect(unmoved).toMatchObject({ ok: false, error: { code: 'BRANCH_MOVED' } });
    const deleted = await deleteTaskBranch({
      repo: r.dir,
      branch,
      taskId: 't1',
      expectedHead: committed.value.head,
      reason: { kind: 'merged', into: 'main' },
    });
    expect(deleted.ok).toBe(true);
    expect(await r.git('branch', '--format=%(refname:short)')).toBe('main');
  });

  it('refuses to remove the main checkout', async () => {
    const refused = await removeTaskWorktree({ repo: r.dir, path: r.dir, reason: { kind: 'discarded' } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'NOT_A_WORKTREE' } });
    expect(existsSync(path.join(r.dir, 'README.md'))).toBe(true);
  });
});
