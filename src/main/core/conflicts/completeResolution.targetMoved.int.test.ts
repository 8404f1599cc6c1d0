import { afterEach, describe, expect, it } from 'vitest';
import { RUN_ID } from '../merge/testing/taskFixture';
import { checkMerge } from '../merge/mergeTree';
import { applyHunk } from './conflictMarkers';
import { completeResolution } from './completeResolution';
import { openConflict } from './openConflict';
import { createConflictFixture, resolutionsFor, snapshotCheckout, type ConflictFixture } from './testing/conflictFixture';

/** Thirty numbered lines, with some replaced. */
function lines(changes: Record<number, string> = {}): string {
  return Array.from({ length: 30 }, (_, i) => `${changes[i + 1] ?? `line ${i + 1}`}\n`).join('');
}

describe('completeResolution when the target moves (real repositories)', () => {
  let cf: ConflictFixture | undefined;
  afterEach(async () => {
    await cf?.cleanup();
    cf = undefined;
  });

  const open = async (c: ConflictFixture) => {
    const opened = await openConflict({ repo: c.fx.repo.dir, worktree: c.worktree, taskBranch: c.branch, target: 'main' });
    if (!opened.ok) throw new Error(opened.error.message);
    return opened.value;
  };
  const complete = (c: ConflictFixture, resolutions: ReturnType<typeof resolutionsFor>) =>
    completeResolution({ worktree: c.worktree, branch: c.branch, target: 'main', taskId: 't1', runId: RUN_ID, resolutions });

  it('keeps every commit the target received while the task ran, except the hunk where the user took the task side', async () => {
    cf = await createConflictFixture({
      base: { 'f.txt': lines() },
      task: { 'f.txt': lines({ 2: 'TASK-A', 8: 'TASK-C', 28: 'TASK-B' }) },
      target: [
        { 'f.txt': lines({ 2: 'MAIN-1' }) },
        { 'f.txt': lines({ 2: 'MAIN-1', 15: 'MAIN-2' }), 'main-only.txt': 'landed meanwhile\n' },
        { 'f.txt': lines({ 2: 'MAIN-1', 15: 'MAIN-2', 28: 'MAIN-3' }) },
      ],
    });
    const c = cf;
    const targetCommits = (await c.fx.repo.git('rev-list', '--max-count=3', 'main')).split('\n');
    const opened = await open(c);
    const file = opened.files[0]!;
    expect(file).toMatchObject({ path: 'f.txt', hunksLeft: 2 });
    // Hunk 1 (line 2): take both. Hunk 2 (line 28): take the task's side, dropping MAIN-3 only.
    const both = applyHunk(file.result!, 0, 'both');
    if (!both.ok) throw new Error(both.error.message);
    const resolved = applyHunk(both.value, 0, 'theirs');
    if (!resolved.ok) throw new Error(resolved.error.message);
    const done = await complete(c, resolutionsFor(opened, { 'f.txt': { kind: 'content', text: resolved.value } }));
    if (!done.ok) throw new Error(done.error.message);

    for (const commit of targetCommits) {
      expect(await c.fx.repo.git('merge-base', '--is-ancestor', commit, c.branch).then(() => true, () => false)).toBe(true);
    }
    const result = await c.fx.repo.git('show', `${c.branch}:f.txt`);
    expect(`${result}\n`).toBe(lines({ 2: 'MAIN-1\nTASK-A', 8: 'TASK-C', 15: 'MAIN-2', 28: 'TASK-B' }));
    expect(await c.fx.repo.git('show', `${c.branch}:main-only.txt`)).toBe('landed meanwhile');
    // Against the target, the only lines gone are the base line the task itself replaced (line 8) and
    // MAIN-3, where the user took the task's side: every other line the target received is there.
    const diff = await c.fx.repo.git('diff', '--unified=0', 'main', c.branch, '--', 'f.txt');
    expect(diff.split('\n').filter((line) => /^-[^-]/.test(line))).toEqual(['-line 8', '-MAIN-3']);
    const check = await checkMerge(c.fx.repo.dir, 'main', c.branch);
    expect(check.ok && check.value.kind).toBe('clean');
  });

  it('merges the CURRENT target when an unrelated commit landed after the dialog opened', async () => {
    cf = await createConflictFixture({
      base: { 'a.txt': 'a\nb\n' },
      task: { 'a.txt': 'a\nTASK\n' },
      target: [{ 'a.txt': 'a\nMAIN\n' }],
    });
    const c = cf;
    const opened = await open(c);
    const taskHead = await c.fx.repo.git('rev-parse', c.branch);
    const moved = await c.land({ 'later.txt': 'later\n' }, 'landed after the dialog opened');
    const done = await complete(c, resolutionsFor(opened, { 'a.txt': { kind: 'content', text: 'a\nMAIN\nTASK\n' } }));
    if (!done.ok) throw new Error(done.error.message);
    expect(done.value.targetCommit).toBe(moved);
    expect(await c.fx.repo.git('rev-list', '--parents', '-n', '1', c.branch)).toBe(`${done.value.commit} ${taskHead} ${moved}`);
    expect(await c.fx.repo.git('show', `${c.branch}:later.txt`)).toBe('later');
    const check = await checkMerge(c.fx.repo.dir, 'main', c.branch);
    expect(check.ok && check.value.kind).toBe('clean');
  });

  it('refuses (UNRESOLVED, naming the files) when the target now conflicts elsewhere or changed a resolved file, and changes nothing', async () => {
    cf = await createConflictFixture({
      base: { 'a.txt': 'a\nb\n', 'b.txt': 'x\ny\n', 'c.txt': 'p\nq\n' },
      task: { 'a.txt': 'a\nTASK\n', 'b.txt': 'x\nTASK\n', 'c.txt': 'p\nTASK\n' },
      target: [{ 'a.txt': 'a\nMAIN\n' }, { 'c.txt': 'p\nMAIN\n' }],
    });
    const c = cf;
    const opened = await open(c);
    const resolutions = resolutionsFor(opened, { 'a.txt': { kind: 'theirs' }, 'c.txt': { kind: 'ours' } });
    const targetBefore = await c.fx.repo.git('rev-parse', 'main');
    await c.land({ 'b.txt': 'x\nMAIN\n', 'c.txt': 'p\nMAIN AGAIN\n' }, 'a new conflict, and the resolved file changed again');
    const worktree = await snapshotCheckout(c.worktree);
    const main = await snapshotCheckout(c.fx.repo.dir);
    const done = await complete(c, resolutions);
    expect(done).toMatchObject({ ok: false, error: { code: 'UNRESOLVED', details: ['b.txt', 'c.txt'] } });
    expect(!done.ok && done.error.message).toMatch(/not resolved: b\.txt; changed on main or the task since they were resolved: c\.txt/);
    expect(await snapshotCheckout(c.worktree)).toEqual(worktree);
    expect(await snapshotCheckout(c.fx.repo.dir)).toEqual(main);
    expect(await c.fx.repo.git('rev-parse', 'main~1')).toBe(targetBefore);
  });

  it('says NOT_A_CONFLICT (and changes nothing) when the target no longer conflicts at all', async () => {
    cf = await createConflictFixture({ base: { 'a.txt': 'a\nb\n' }, task: { 'a.txt': 'a\nTASK\n' }, target: [{ 'a.txt': 'a\nMAIN\n' }] });
    const c = cf;
    const opened = await open(c);
    await c.land({ 'a.txt': 'a\nb\n' }, 'revert the conflicting change');
    const before = await snapshotCheckout(c.worktree);
    const done = await complete(c, resolutionsFor(opened, { 'a.txt': { kind: 'ours' } }));
    expect(done).toMatchObject({ ok: false, error: { code: 'NOT_A_CONFLICT' } });
    expect(await snapshotCheckout(c.worktree)).toEqual(before);
  });
});
