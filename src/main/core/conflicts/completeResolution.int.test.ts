import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FileResolution } from '../../../shared/conflicts/conflict';
import { taskTrailersOf } from '../git/trailers';
import { RUN_ID } from '../merge/testing/taskFixture';
import { checkMerge } from '../merge/mergeTree';
import { completeResolution, type CompletedResolution } from './completeResolution';
import { openConflict } from './openConflict';
import { createConflictFixture, resolutionsFor, snapshotCheckout, type Change, type ConflictFixture } from './testing/conflictFixture';

describe('completeResolution (real repositories, one test per conflict kind)', () => {
  let cf: ConflictFixture | undefined;
  afterEach(async () => {
    await cf?.cleanup();
    cf = undefined;
  });

  async function conflicted(base: Record<string, string | Buffer>, task: Record<string, Change>, target: Record<string, Change>) {
    cf = await createConflictFixture({ base, task, target: [target] });
    const opened = await openConflict({ repo: cf.fx.repo.dir, worktree: cf.worktree, taskBranch: cf.branch, target: 'main' });
    if (!opened.ok) throw new Error(opened.error.message);
    return { c: cf, opened: opened.value };
  }

  async function complete(c: ConflictFixture, resolutions: ReturnType<typeof resolutionsFor>) {
    return completeResolution({ worktree: c.worktree, branch: c.branch, target: 'main', taskId: 't1', runId: RUN_ID, resolutions });
  }

  /** The checks every completed resolution must pass. */
  async function expectResolutionCommit(c: ConflictFixture, done: CompletedResolution, taskHead: string) {
    const git = c.fx.repo.git;
    const targetHead = await git('rev-parse', 'main');
    expect(await git('rev-parse', c.branch)).toBe(done.commit);
    expect(await git('rev-list', '--parents', '-n', '1', done.commit)).toBe(`${done.commit} ${taskHead} ${targetHead}`);
    expect(await git('log', '-1', '--format=%s', done.commit)).toBe('Resolve conflicts of task t1 with main');
    expect(await taskTrailersOf(c.fx.repo.dir, done.commit)).toEqual(['t1']);
    expect((await git('log', '-1', '--format=%(trailers:key=Wavelane-Run,valueonly)', done.commit)).trim()).toBe(RUN_ID);
    expect((await git('log', '-1', '--format=%(trailers:key=Resolved-By,valueonly)', done.commit)).trim()).toBe('user');
    // The worktree is on the resolution, clean, with no merge left in progress.
    expect(await git('-C', c.worktree, 'status', '--porcelain=v1', '--untracked-files=all')).toBe('');
    expect(existsSync(path.join(await git('-C', c.worktree, 'rev-parse', '--absolute-git-dir'), 'MERGE_HEAD'))).toBe(false);
    // The merge queue's own check now finds nothing to resolve, and the merged tree is the resolution.
    const check = await checkMerge(c.fx.repo.dir, 'main', c.branch);
    expect(check.ok && check.value).toEqual({ kind: 'clean', tree: await git('rev-parse', `${done.commit}^{tree}`) });
  }

  const show = (c: ConflictFixture, file: string) => c.fx.repo.git('show', `${c.branch}:${file}`);
  const exists = async (c: ConflictFixture, file: string) =>
    (await c.fx.repo.git('ls-tree', '--name-only', c.branch, '--', file)) === file;

  it('text: commits the edited result', async () => {
    const { c, opened } = await conflicted({ 'a.txt': 'a\nb\nc\n' }, { 'a.txt': 'a\nTASK\nc\n' }, { 'a.txt': 'a\nMAIN\nc\n' });
    const taskHead = await c.fx.repo.git('rev-parse', c.branch);
    const done = await complete(c, resolutionsFor(opened, { 'a.txt': { kind: 'content', text: 'a\nMAIN\nTASK\nc\n' } }));
    if (!done.ok) throw new Error(done.error.message);
    await expectResolutionCommit(c, done.value, taskHead);
    expect(await show(c, 'a.txt')).toBe('a\nMAIN\nTASK\nc');
    expect(await readFile(path.join(c.worktree, 'a.txt'), 'utf8')).toBe('a\nMAIN\nTASK\nc\n');
    expect(await c.fx.repo.git('log', '-1', '--format=%b', done.value.commit)).toContain('a.txt: edited result (user)');
    expect(done.value).toMatchObject({ taskHead, resolved: ['a.txt'], notNeeded: [] });
  });

  it("binary: takes the target's version whole", async () => {
    const { c, opened } = await conflicted(
      { 'img.bin': Buffer.from([0, 1, 2]) },
      { 'img.bin': Buffer.from([0, 1, 4]) },
      { 'img.bin': Buffer.from([0, 1, 3, 255]) },
    );
    const taskHead = await c.fx.repo.git('rev-parse', c.branch);
    const done = await complete(c, resolutionsFor(opened, { 'img.bin': { kind: 'ours' } }));
    if (!done.ok) throw new Error(done.error.message);
    await expectResolutionCommit(c, done.value, taskHead);
    expect(await c.fx.repo.git('rev-parse', `${c.branch}:img.bin`)).toBe(await c.fx.repo.git('rev-parse', 'main:img.bin'));
    expect([...(await readFile(path.join(c.worktree, 'img.bin')))]).toEqual([0, 1, 3, 255]);
  });

  it('modify/delete (task deleted, target modified): keeps the modified version', async () => {
    const { c, opened } = await conflicted({ 'm.txt': 'keep\n' }, { 'm.txt': null }, { 'm.txt': 'main changed\n' });
    expect(opened.files).toMatchObject([{ path: 'm.txt', kind: 'modify-delete' }]);
    const taskHead = await c.fx.repo.git('rev-parse', c.branch);
    const done = await complete(c, resolutionsFor(opened, { 'm.txt': { kind: 'ours' } }));
    if (!done.ok) throw new Error(done.error.message);
    await expectResolutionCommit(c, done.value, taskHead);
    expect(await show(c, 'm.txt')).toBe('main changed');
  });

  it('delete/modify (target deleted, task modified): deletes the file', async () => {
    const { c, opened } = await conflicted({ 'd.txt': 'keep\n', 'other.txt': 'o\n' }, { 'd.txt': 'task changed\n' }, { 'd.txt': null });
    expect(opened.files).toMatchObject([{ path: 'd.txt', kind: 'modify-delete', ours: null, theirs: 'task changed\n' }]);
    const taskHead = await c.fx.repo.git('rev-parse', c.branch);
    const done = await complete(c, resolutionsFor(opened, { 'd.txt': { kind: 'delete' } }));
    if (!done.ok) throw new Error(done.error.message);
    await expectResolutionCommit(c, done.value, taskHead);
    expect(await exists(c, 'd.txt')).toBe(false);
    expect(existsSync(path.join(c.worktree, 'd.txt'))).toBe(false);
    expect(await c.fx.repo.git('log', '-1', '--format=%b', done.value.commit)).toContain('d.txt: deleted (user)');
  });

  it("delete/modify: taking the target's side is the deletion", async () => {
    const { c, opened } = await conflicted({ 'd.txt': 'keep\n' }, { 'd.txt': 'task changed\n' }, { 'd.txt': null });
    const taskHead = await c.fx.repo.git('rev-parse', c.branch);
    const done = await complete(c, resolutionsFor(opened, { 'd.txt': { kind: 'ours' } }));
    if (!done.ok) throw new Error(done.error.message);
    await expectResolutionCommit(c, done.value, taskHead);
    expect(await exists(c, 'd.txt')).toBe(false);
    expect(await c.fx.repo.git('log', '-1', '--format=%b', done.value.commit)).toContain('d.txt: deleted, as on main (user)');
  });

  it('add/add: commits the combined text', async () => {
    const { c, opened } = await conflicted({ 'README.md': 'r\n' }, { 'new.txt': 'task\n' }, { 'new.txt': 'main\n' });
    expect(opened.files).toMatchObject([{ path: 'new.txt', kind: 'add-add' }]);
    const taskHead = await c.fx.repo.git('rev-parse', c.branch);
    const done = await complete(c, resolutionsFor(opened, { 'new.txt': { kind: 'content', text: 'main\ntask\n' } }));
    if (!done.ok) throw new Error(done.error.message);
    await expectResolutionCommit(c, done.value, taskHead);
    expect(await show(c, 'new.txt')).toBe('main\ntask');
  });

  it("rename/rename: keeps the target's name and drops the task's", async () => {
    const content = 'one\ntwo\nthree\nfour\nfive\n';
    const { c, opened } = await conflicted({ 'ren.txt': content }, { 'ren.txt': { renameTo: 'byTask.txt' } }, { 'ren.txt': { renameTo: 'byMain.txt' } });
    expect(opened.files.map((file) => [file.path, file.kind]).sort()).toEqual([
      ['byMain.txt', 'rename'],
      ['byTask.txt', 'rename'],
      ['ren.txt', 'rename'],
    ]);
    const taskHead = await c.fx.repo.git('rev-parse', c.branch);
    const choices: Record<string, FileResolution> = { 'ren.txt': { kind: 'ours' }, 'byMain.txt': { kind: 'ours' }, 'byTask.txt': { kind: 'delete' } };
    const done = await complete(c, resolutionsFor(opened, choices));
    if (!done.ok) throw new Error(done.error.message);
    await expectResolutionCommit(c, done.value, taskHead);
    expect(await c.fx.repo.git('ls-tree', '--name-only', c.branch)).toBe('byMain.txt');
    expect(await show(c, 'byMain.txt')).toBe(content.trimEnd());
  });

  it("rename/delete: keeps the task's renamed file", async () => {
    const content = 'q1\nq2\nq3\n';
    const { c, opened } = await conflicted({ 'rd.txt': content }, { 'rd.txt': { renameTo: 'moved.txt' } }, { 'rd.txt': null });
    expect(opened.files).toMatchObject([{ path: 'moved.txt', kind: 'rename', renamedFrom: 'rd.txt', theirs: content, ours: null }]);
    const taskHead = await c.fx.repo.git('rev-parse', c.branch);
    const done = await complete(c, resolutionsFor(opened, { 'moved.txt': { kind: 'theirs' } }));
    if (!done.ok) throw new Error(done.error.message);
    await expectResolutionCommit(c, done.value, taskHead);
    expect(await show(c, 'moved.txt')).toBe(content.trimEnd());
    expect(await exists(c, 'rd.txt')).toBe(false);
  });

  it('refuses content that still holds a marker, naming the file and line, and changes nothing', async () => {
    const { c, opened } = await conflicted({ 'a.txt': 'a\nb\nc\n' }, { 'a.txt': 'a\nTASK\nc\n' }, { 'a.txt': 'a\nMAIN\nc\n' });
    const before = await snapshotCheckout(c.worktree);
    const leftover = 'a\nMAIN\n=======\nTASK\n>>>>>>> wavelane/t1\nc\n';
    const done = await complete(c, resolutionsFor(opened, { 'a.txt': { kind: 'content', text: leftover } }));
    expect(done).toMatchObject({ ok: false, error: { code: 'INVALID_RESOLUTION', where: 'a.txt:5' } });
    expect(!done.ok && done.error.message).toContain('a.txt still holds a conflict marker at line 5');
    expect(await snapshotCheckout(c.worktree)).toEqual(before);
  });

  it('refuses when a conflicted file has no resolution, naming it, and changes nothing', async () => {
    const { c, opened } = await conflicted(
      { 'a.txt': 'a\nb\n', 'b.txt': 'x\ny\n' },
      { 'a.txt': 'a\nTASK\n', 'b.txt': 'x\nTASK\n' },
      { 'a.txt': 'a\nMAIN\n', 'b.txt': 'x\nMAIN\n' },
    );
    const before = await snapshotCheckout(c.worktree);
    const done = await complete(c, resolutionsFor(opened, { 'a.txt': { kind: 'theirs' } }));
    expect(done).toMatchObject({ ok: false, error: { code: 'UNRESOLVED', details: ['b.txt'] } });
    expect(await snapshotCheckout(c.worktree)).toEqual(before);
  });

  it('refuses a worktree with uncommitted changes (BUSY) without merging', async () => {
    const { c, opened } = await conflicted({ 'a.txt': 'a\nb\n' }, { 'a.txt': 'a\nTASK\n' }, { 'a.txt': 'a\nMAIN\n' });
    await c.fx.repo.git('-C', c.worktree, 'rm', '-q', '--cached', 'a.txt');
    const before = await snapshotCheckout(c.worktree);
    const done = await complete(c, resolutionsFor(opened, { 'a.txt': { kind: 'theirs' } }));
    expect(done).toMatchObject({ ok: false, error: { code: 'BUSY' } });
    expect(await snapshotCheckout(c.worktree)).toEqual(before);
  });
});
