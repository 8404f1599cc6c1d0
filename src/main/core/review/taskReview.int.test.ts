import { afterEach, describe, expect, it } from 'vitest';
import { createMergeFixture, type MergeFixture } from '../merge/testing/taskFixture';
import { MAX_DIFF_CHARS, reviewTask } from './taskReview';

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
    expect(byPath['keep.txt']).toEqual({ path: 'keep.txt', status: 'modified', binary: false, additions: 2, deletions: 1 });
    expect(byPath['gone.txt']).toMatchObject({ status: 'deleted', deletions: 1, additions: 0 });
    expect(byPath['new-name.txt']).toMatchObject({ status: 'renamed', oldPath: 'old-name.txt', additions: 0, deletions: 0 });
    expect(byPath['logo.png']).toMatchObject({ status: 'added', binary: true });
    expect(byPath['sp ace ü.txt']).toMatchObject({ status: 'added', additions: 1 });
    expect(review.value.head).toBe(await fx.repo.git('rev-parse', request.branch));
    expect(review.value.base).toBe(request.worktreeInfo.base);
    expect(review.value.truncated).toBe(false);
    expect(review.value.diff).toContain('-two\n+TWO\n');
    expect(review.value.diff).toContain('diff --git a/sp ace ü.txt b/sp ace ü.txt');
    expect(review.value.diff).not.toContain('unrelated.txt');
  });

  it('caps the diff at a line end and says so', async () => {
    fx = await createMergeFixture({ 'README.md': 'r\n' });
    const big = Array.from({ length: 40_000 }, (_, i) => `generated line ${i} with some padding to make it longer\n`).join('');
    const request = await fx.task('big', { 'big.txt': big });
    const review = await reviewTask({ repo: fx.repo.dir, taskId: 'big', title: 'Big', branch: request.branch, base: 'main' });
    if (!review.ok) throw new Error(review.error.message);
    expect(review.value.truncated).toBe(true);
    expect(review.value.diff.length).toBeLessThanOrEqual(MAX_DIFF_CHARS);
    expect(review.value.diff.length).toBeGreaterThan(MAX_DIFF_CHARS / 2);
    expect(review.value.diff.endsWith('\n')).toBe(true);
    expect(review.value.files).toEqual([{ path: 'big.txt', status: 'added', binary: false, additions: 40_000, deletions: 0 }]);
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
