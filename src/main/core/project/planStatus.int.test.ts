import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCoreHarness, type CoreHarness } from './testing/coreHarness';

/** A task the plan marks done (work finished elsewhere) through the board: never run, counted as merged. */
describe('plan statuses on the board', () => {
  let h: CoreHarness | undefined;
  afterEach(async () => {
    await h?.cleanup();
    h = undefined;
  });

  it('runs a task whose dependency the imported plan marks done, without running that dependency', async () => {
    h = await openCoreHarness();
    const ranAgain = path.join(h.repo.dir, '..', `ran-again-${path.basename(h.repo.dir)}`);
    const plan = {
      version: 1,
      agent: 'shell',
      tasks: [
        { id: 'old', title: 'Old', status: 'done', prompt: `touch '${ranAgain}'; echo again > old.txt` },
        { id: 'next', title: 'Next', dependsOn: ['old'], prompt: 'echo n > n.txt' },
      ],
    };
    await h.call('board.import', { text: JSON.stringify(plan), fileName: 'plan.json' });
    await h.call('board.moveTask', { id: 'next', to: 'runParallel', index: 0 });
    const head = await h.repo.git('rev-parse', 'main');
    await h.call('run.start', {});
    const run = await h.waitForRun((r) => r.state === 'finished', 'the run to finish');
    expect(Object.fromEntries(run.tasks.map((t) => [t.id, t.status]))).toEqual({ old: 'merged', next: 'merged' });
    expect(existsSync(ranAgain)).toBe(false);
    expect(await h.repo.git('rev-list', '--merges', '--count', `${head}..main`)).toBe('1');
    expect(await h.repo.git('ls-tree', '--name-only', 'main')).not.toContain('old.txt');
  });
});
