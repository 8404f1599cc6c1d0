import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BoardSnapshot, RunSnapshot } from '../../../shared/board/board';
import type { ConflictSession } from '../../../shared/conflicts/conflict';
import { createCore, type Core } from '../createCore';
import { createTempRepo, makeTempDir, type TempRepo } from '../testing/tempRepo';

/**
 * The app's conflict flow through the core's requests, as the board drives it: a run where two tasks
 * edit the same line, the dialog's session, a resolution, Complete merge, and the task landing.
 */
describe('conflict resolution through the core', () => {
  let core: Core | undefined;
  let repo: TempRepo | undefined;
  let dataDir: string | undefined;
  afterEach(async () => {
    await core?.dispose();
    await repo?.cleanup();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const call = async <T>(name: string, input: unknown): Promise<T> => {
    const outcome = await core!.request(name, input);
    if (!outcome.ok) throw new Error(`${name}: ${outcome.error.code} ${outcome.error.message}`);
    return outcome.value as T;
  };

  const waitForRun = async (check: (run: RunSnapshot) => boolean) => {
    for (let i = 0; i < 600; i++) {
      const board = await call<BoardSnapshot>('board.get', {});
      if (board.run && check(board.run)) return board.run;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the run did not get there');
  };

  it('resolves a conflict from the session, lands the task, and keeps what the target received', async () => {
    repo = await createTempRepo({ files: { 'notes.txt': 'title\nline two\nend\n' } });
    dataDir = await makeTempDir('wavelane-data-');
    core = createCore({ host: 'web', version: 'test', dataDir: path.join(dataDir, 'data'), worktreeRoot: path.join(dataDir, 'worktrees') });
    await call('project.open', { path: repo.dir });
    await call('board.saveTask', { task: { id: 'fast', title: 'Fast edit', prompt: "sed -i 's/line two/fast/' notes.txt", agent: 'shell' } });
    await call('board.saveTask', { task: { id: 'slow', title: 'Slow edit', prompt: "sleep 1; sed -i 's/line two/slow/' notes.txt", agent: 'shell' } });
    await call('board.moveTask', { id: 'fast', to: 'runParallel', index: 0 });
    await call('board.moveTask', { id: 'slow', to: 'runParallel', index: 1 });
    await call('run.start', {});
    const run = await waitForRun((r) => r.state === 'finished');
    expect(run.tasks.map((task) => [task.id, task.status])).toEqual([['fast', 'merged'], ['slow', 'conflict']]);

    const session = await call<ConflictSession>('conflict.get', { taskId: 'slow' });
    expect(session.files).toHaveLength(1);
    expect(session.files[0]).toMatchObject({ path: 'notes.txt', kind: 'text', ours: 'title\nfast\nend\n', theirs: 'title\nslow\nend\n', hunksLeft: 1 });
    const refused = await core.request('conflict.resolveFile', { taskId: 'slow', path: 'notes.txt', resolution: { kind: 'content', text: session.files[0]!.result } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_RESOLUTION' } });
    await call('conflict.resolveFile', { taskId: 'slow', path: 'notes.txt', resolution: { kind: 'content', text: 'title\nfast\nslow\nend\n' } });
    await call('conflict.complete', { taskId: 'slow' });
    const landed = await waitForRun((r) => r.tasks.find((task) => task.id === 'slow')?.status === 'merged');
    expect(landed.tasks.every((task) => task.status === 'merged')).toBe(true);
    expect(await repo.git('show', 'main:notes.txt')).toBe('title\nfast\nslow\nend');
    // History says who resolved what: a merge of the target into the task branch, then the task's merge.
    const log = await repo.git('log', '--format=%s', 'main');
    expect(log).toMatch(/Merge task slow: Slow edit/);
    expect(log).toMatch(/Resolve conflicts of task slow with main/);
    const board = await call<BoardSnapshot>('board.get', {});
    expect(board.board.plan.tasks.every((task) => task.status === 'done')).toBe(true);
  });
});
