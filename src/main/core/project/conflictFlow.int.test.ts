import { afterEach, describe, expect, it } from 'vitest';
import type { BoardSnapshot } from '../../../shared/board/board';
import type { ConflictSession } from '../../../shared/conflicts/conflict';
import { openCoreHarness, type CoreHarness } from './testing/coreHarness';

/**
 * The app's conflict flow through the core's requests, as the board drives it: a run where two tasks
 * edit the same line, the dialog's session, a resolution, Complete merge, and the task landing.
 */
describe('conflict resolution through the core', () => {
  let h: CoreHarness | undefined;
  afterEach(async () => {
    await h?.cleanup();
    h = undefined;
  });

  it('resolves a conflict from the session, lands the task, and keeps what the target received', async () => {
    h = await openCoreHarness({ 'notes.txt': 'title\nline two\nend\n' });
    await h.call('board.saveTask', { task: { id: 'fast', title: 'Fast edit', prompt: "sed -i 's/line two/fast/' notes.txt", agent: 'shell' } });
    await h.call('board.saveTask', { task: { id: 'slow', title: 'Slow edit', prompt: "sleep 1; sed -i 's/line two/slow/' notes.txt", agent: 'shell' } });
    await h.call('board.moveTask', { id: 'fast', to: 'runParallel', index: 0 });
    await h.call('board.moveTask', { id: 'slow', to: 'runParallel', index: 1 });
    await h.call('run.start', {});
    const run = await h.waitForRun((r) => r.state === 'finished');
    expect(run.tasks.map((task) => [task.id, task.status])).toEqual([['fast', 'merged'], ['slow', 'conflict']]);

    const session = await h.call<ConflictSession>('conflict.get', { taskId: 'slow' });
    expect(session.files).toHaveLength(1);
    expect(session.files[0]).toMatchObject({ path: 'notes.txt', kind: 'text', ours: 'title\nfast\nend\n', theirs: 'title\nslow\nend\n', hunksLeft: 1 });
    const refused = await h.core.request('conflict.resolveFile', { taskId: 'slow', path: 'notes.txt', resolution: { kind: 'content', text: session.files[0]!.result } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_RESOLUTION' } });
    await h.call('conflict.resolveFile', { taskId: 'slow', path: 'notes.txt', resolution: { kind: 'content', text: 'title\nfast\nslow\nend\n' } });
    await h.call('conflict.complete', { taskId: 'slow' });
    const landed = await h.waitForRun((r) => r.tasks.find((task) => task.id === 'slow')?.status === 'merged');
    expect(landed.tasks.every((task) => task.status === 'merged')).toBe(true);
    expect(await h.repo.git('show', 'main:notes.txt')).toBe('title\nfast\nslow\nend');
    // History says who resolved what: a merge of the target into the task branch, then the task's merge.
    const log = await h.repo.git('log', '--format=%s', 'main');
    expect(log).toMatch(/Merge task slow: Slow edit/);
    expect(log).toMatch(/Resolve conflicts of task slow with main/);
    const board = await h.call<BoardSnapshot>('board.get', {});
    expect(board.board.plan.tasks.every((task) => task.status === 'done')).toBe(true);
  });
});
