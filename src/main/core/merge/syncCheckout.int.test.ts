import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runStartChecks } from '../runs/startChecks';
import { createMergeCommit } from './mergeCommit';
import { MergeQueue } from './mergeQueue';
import { checkMerge } from './mergeTree';
import { inspectCheckout, syncCheckout } from './syncCheckout';
import { readPendingSyncs, recordPendingSync, syncJournalPath } from '../storage/syncJournal';
import { createMergeFixture, RUN_ID, type MergeFixture } from './testing/taskFixture';

/**
 * The crash windows around advancing the target: the ref moved but its checkout did not (the checkout
 * then looks like the inverse of the merge is staged), or the checkout moved but the record stayed.
 */
describe('syncCheckout (crash recovery, real repositories)', () => {
  let fx: MergeFixture;
  afterEach(async () => {
    await fx?.cleanup();
  });

  /** Does what the queue does up to the compare-and-swap, then "crashes": ref moved, checkout not. */
  async function crashAfterRefMoved(record: boolean) {
    const request = await fx.task('t1', { 'task.txt': 'task\n' });
    const old = await fx.repo.git('rev-parse', 'main');
    const taskHead = await fx.repo.git('rev-parse', request.branch);
    const check = await checkMerge(fx.repo.dir, old, taskHead);
    if (!check.ok || check.value.kind !== 'clean') throw new Error('expected a clean merge');
    const commit = await createMergeCommit({
      cwd: fx.repo.dir,
      tree: check.value.tree,
      targetHead: old,
      taskHead,
      title: 'Task t1',
      stamp: { taskId: 't1', runId: RUN_ID },
    });
    if (!commit.ok) throw new Error(commit.error.message);
    if (record) await recordPendingSync(fx.commonDir, fx.repo.dir, { ref: 'refs/heads/main', at: old });
    await fx.repo.git('update-ref', 'refs/heads/main', commit.value, old);
    return { old, merge: commit.value };
  }

  it('recognises a checkout left at the old commit and brings it along on the next merge', async () => {
    fx = await createMergeFixture({ 'README.md': 'readme\n' });
    await writeFile(path.join(fx.repo.dir, 'untracked.local'), 'mine\n');
    const { old, merge } = await crashAfterRefMoved(true);
    // What the user would see: the inverse of the merge, staged.
    expect(await fx.repo.git('status', '--porcelain', '--untracked-files=no')).toBe('D  task.txt');
    expect(await inspectCheckout(fx.commonDir, fx.repo.dir, 'refs/heads/main')).toEqual({ ok: true, value: { kind: 'clean', at: old } });
    // A new run may start: the checkout is not "dirty", it is behind.
    expect((await runStartChecks({ repo: fx.repo.dir })).ok).toBe(true);

    const next = await fx.task('t2', { 't2.txt': 't2\n' });
    const queue = new MergeQueue({ repo: fx.repo.dir, commonDir: fx.commonDir, target: 'main' });
    const outcome = await queue.enqueue(next);
    queue.dispose();
    expect(outcome).toMatchObject({ status: 'merged', checkout: 'synced' });
    expect(await fx.repo.git('rev-parse', 'main^1')).toBe(merge);
    expect(await readFile(path.join(fx.repo.dir, 'task.txt'), 'utf8')).toBe('task\n');
    expect(await readFile(path.join(fx.repo.dir, 't2.txt'), 'utf8')).toBe('t2\n');
    expect(await readFile(path.join(fx.repo.dir, 'untracked.local'), 'utf8')).toBe('mine\n');
    expect(await fx.repo.git('status', '--porcelain')).toBe('?? untracked.local');
    expect(existsSync(syncJournalPath(fx.commonDir))).toBe(false);
  });

  it('without the record, the same state is treated as the user’s changes and left alone', async () => {
    fx = await createMergeFixture();
    const { merge } = await crashAfterRefMoved(false);
    const state = await inspectCheckout(fx.commonDir, fx.repo.dir, 'refs/heads/main');
    expect(state).toMatchObject({ ok: true, value: { kind: 'dirty', files: ['task.txt'] } });
    const synced = await syncCheckout({ commonDir: fx.commonDir, checkout: fx.repo.dir, ref: 'refs/heads/main', to: merge });
    expect(synced).toMatchObject({ ok: false, error: { code: 'CHECKOUT_DIRTY' } });
    expect(existsSync(path.join(fx.repo.dir, 'task.txt'))).toBe(false);
  });

  it('finishes the move when the user has not touched the checkout, and refuses when they have', async () => {
    fx = await createMergeFixture({ 'README.md': 'readme\n' });
    const { merge } = await crashAfterRefMoved(true);
    await writeFile(path.join(fx.repo.dir, 'README.md'), 'edited after the crash\n');
    const refused = await syncCheckout({ commonDir: fx.commonDir, checkout: fx.repo.dir, ref: 'refs/heads/main', to: merge });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CHECKOUT_DIRTY' } });
    expect(!refused.ok && refused.error.message).toContain('README.md');
    expect(await readFile(path.join(fx.repo.dir, 'README.md'), 'utf8')).toBe('edited after the crash\n');
    await writeFile(path.join(fx.repo.dir, 'README.md'), 'readme\n');
    const synced = await syncCheckout({ commonDir: fx.commonDir, checkout: fx.repo.dir, ref: 'refs/heads/main', to: merge });
    expect(synced.ok).toBe(true);
    expect(await fx.repo.git('status', '--porcelain')).toBe('');
    expect(await readPendingSyncs(fx.commonDir)).toEqual({});
  });

  it('drops a stale record left by a crash after the checkout had already moved', async () => {
    fx = await createMergeFixture();
    const old = await fx.repo.git('rev-parse', 'main');
    const head = await fx.repo.commit('moved', { 'moved.txt': 'm\n' });
    await recordPendingSync(fx.commonDir, fx.repo.dir, { ref: 'refs/heads/main', at: old });
    expect(await inspectCheckout(fx.commonDir, fx.repo.dir, 'refs/heads/main')).toEqual({ ok: true, value: { kind: 'clean', at: head } });
    const synced = await syncCheckout({ commonDir: fx.commonDir, checkout: fx.repo.dir, ref: 'refs/heads/main', to: head });
    expect(synced).toEqual({ ok: true, value: { from: head } });
    expect(await readPendingSyncs(fx.commonDir)).toEqual({});
  });
});
