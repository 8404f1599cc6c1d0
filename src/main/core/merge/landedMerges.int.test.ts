import { afterEach, describe, expect, it } from 'vitest';
import { landedMerges } from '../git/gitQueries';
import { MergeQueue } from './mergeQueue';
import { createMergeFixture, RUN_ID, type MergeFixture } from './testing/taskFixture';

describe('landedMerges reads what the merge queue wrote (real repository)', () => {
  let fx: MergeFixture;
  afterEach(async () => {
    await fx?.cleanup();
  });

  it('finds the merge commit of each landed task of a run, and nothing of other runs', async () => {
    fx = await createMergeFixture();
    const queue = new MergeQueue({ repo: fx.repo.dir, commonDir: fx.commonDir, target: 'main' });
    const first = await queue.enqueue(await fx.task('l1', { 'l1.txt': '1\n' }));
    const second = await queue.enqueue(await fx.task('l2', { 'l2.txt': '2\n' }, { runId: 'other-run' }));
    // A commit that only mentions the trailer text in its subject does not count.
    await fx.repo.commit(`Wavelane-Run: ${RUN_ID} (a note)`);
    queue.dispose();
    if (first.status !== 'merged' || second.status !== 'merged') throw new Error('expected both merged');
    const since = await fx.repo.git('rev-list', '--max-parents=0', 'main');
    const landed = (runId: string) => landedMerges(fx.repo.dir, runId, since, 'refs/heads/main');
    expect(await landed(RUN_ID)).toEqual({ ok: true, value: new Map([['l1', first.mergeCommit]]) });
    expect(await landed('other-run')).toEqual({ ok: true, value: new Map([['l2', second.mergeCommit]]) });
    expect(await landed('nobody')).toEqual({ ok: true, value: new Map() });
  });
});
