import { afterEach, describe, expect, it } from 'vitest';
import { createMergeFixture, type MergeFixture } from '../merge/testing/taskFixture';
import { taskReviewSchema } from '../../../shared/contract/review';
import { reviewTask } from './taskReview';

describe('reviewTask (real repository)', () => {
  let fx: MergeFixture | undefined;
  afterEach(async () => {
    await fx?.cleanup();
    fx = undefined;
  });

  it("lists the task's own changes with counts, renames and binaries, not the target's later commits", async () => {
    fx = await createMergeFixture({
      'keep.txt': 'one\ntwo\nthree\n',
      'gone.txt': 'bye\n',
      'old-name.txt': 'a fairly long line so that rename detection has content to compare\nsecond line\n',
    });
    const request = await fx.task('t1', {
      'keep.txt': 'one\nTWO\nthree\nfour\n',
      'gone.txt': null,
      'old-name.txt': null,
      'new-name.txt': 'a fairly long line so that rename detection has content to compare\nsecond line\n',
      'logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]),
      'sp ace ü.txt': 'odd name\n',
    });
    await fx.repo.commit('landed on main meanwhile', { 'unrelated.txt': 'not the task\n' });
    const review = await reviewTask({ repo: fx.repo.dir, taskId: 't1', title: 'Task t1', branch: request.branch, base: 'main' });
    if (!review.ok) throw new Error(review.error.message);
    const byPath = Object.fromEntries(review.value.files.map((file) => [file.path, file]));
    expect(Object.keys(byPath).sort()).toEqual(['gone.txt', 'keep.txt', 'logo.png', 'new-name.txt', 'sp ace ü.txt']);
    expect(byPath['keep.txt']).toEqual({
      path: 'keep.txt',
      status: 'modified',
      binary: false,
      additions: 2,
      deletions: 1,
      content: { kind: 'text', oldText: 'one\ntwo\nthree\n', newText: 'one\nTWO\nthree\nfour\n' },
    });
    expect(byPath['gone.txt']).toMatchObject({ status: 'deleted', deletions: 1, additions: 0, content: { kind: 'text', oldText: 'bye\n', newText: '' } });
    expect(byPath['new-name.txt']).toMatchObject({ status: 'renamed', oldPath: 'old-name.txt', additions: 0, deletions: 0 });
    expect(byPath['new-name.txt']!.content).toMatchObject({ kind: 'text', newText: expect.stringContaining('second line') });
    expect(byPath['logo.png']).toMatchObject({ status: 'added', binary: true, content: { kind: 'binary' } });
    expect(byPath['sp ace ü.txt']).toMatchObject({ status: 'added', additions: 1, content: { kind: 'text', oldText: '', newText: 'odd name\n' } });
    expect(review.value.head).toBe(await fx.repo.git('rev-parse', request.branch));
    expect(review.value.base).toBe(request.worktreeInfo.base);
    expect(JSON.stringify(review.value)).not.toContain('not the task');
    // What crosses the contract is what its schema says.
    expect(taskReviewSchema.safeParse(review.value).success).toBe(true);
  });

  it('marks a file over the per-file limit, and files past the review total, as too large; the list stays whole', async () => {
    fx = await createMergeFixture({ 'README.md': 'r\n' });
    const request = await fx.task('big', { 'big.txt': 'x'.repeat(3000), 'a.txt': 'a'.repeat(600), 'b.txt': 'b'.repeat(600) });
    const review = await reviewTask({
      repo: fx.repo.dir,
      taskId: 'big',
      title: 'Big',
      branch: request.branch,
      base: 'main',
      limits: { fileBytes: 2000, totalBytes: 1000 },
    });
    if (!review.ok) throw new Error(review.error.message);
    const byPath = Object.fromEntries(review.value.files.map((file) => [file.path, file]));
    expect(byPath['big.txt']).toMatchObject({ additions: 1, content: { kind: 'tooLarge', bytes: 3000, limit: 2000 } });
    // Files are read in path order: a.txt fits the total, b.txt no longer does.
    expect(byPath['a.txt']!.content).toEqual({ kind: 'text', oldText: '', newText: 'a'.repeat(600) });
    expect(byPath['b.txt']!.content).toEqual({ kind: 'tooLarge', bytes: 600, limit: 400 });
  });

  it('reports a missing branch or base as NOT_FOUND', async () => {
    fx = await createMergeFixture();
    expect(await reviewTask({ repo: fx.repo.dir, taskId: 'x', title: 'X', branch: 'wavelane/x', base: 'main' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', where: 'wavelane/x' },
    });
    expect(await reviewTask({ repo: fx.repo.dir, taskId: 'x', title: 'X', branch: 'main', base: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', where: 'nope' },
    });
  });
});
