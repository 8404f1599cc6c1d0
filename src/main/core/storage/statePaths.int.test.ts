import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTempRepo, makeTempDir, type TempRepo } from '../testing/tempRepo';
import { findStatePaths, statePathsFor } from './statePaths';

describe('statePaths (real repositories)', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const repo = async (): Promise<TempRepo> => {
    const created = await createTempRepo();
    cleanups.push(created.cleanup);
    return created;
  };

  it('finds the same state folder from the main checkout, a subfolder and a linked worktree', async () => {
    const r = await repo();
    const outside = await makeTempDir('wavelane-wt-');
    cleanups.push(() => rm(outside, { recursive: true, force: true }));
    const worktree = path.join(outside, 'wt');
    await r.git('worktree', 'add', '-q', '-b', 'wavelane/x', worktree);
    await mkdir(path.join(r.dir, 'src', 'deep'), { recursive: true });

    const fromMain = await findStatePaths(r.dir);
    const fromSub = await findStatePaths(path.join(r.dir, 'src', 'deep'));
    const fromWorktree = await findStatePaths(worktree);
    expect(fromMain.ok && fromMain.value.root).toBe(path.join(r.dir, '.git', 'wavelane'));
    expect(fromSub.ok && fromSub.value.root).toBe(path.join(r.dir, '.git', 'wavelane'));
    expect(fromWorktree.ok && fromWorktree.value.root).toBe(path.join(r.dir, '.git', 'wavelane'));
  });

  it('reports a folder outside any repository, and one that does not exist', async () => {
    const outside = await makeTempDir('wavelane-norepo-');
    cleanups.push(() => rm(outside, { recursive: true, force: true }));
    const none = await findStatePaths(outside);
    expect(none.ok === false && none.error.code).toBe('NOT_A_REPO');
    expect(none.ok === false && none.error.message).toContain(outside);
    const missing = await findStatePaths(path.join(outside, 'nope'));
    expect(missing.ok === false && missing.error.code).toBe('NOT_A_REPO');
  });

  it('lays out run files and refuses ids that would escape the folder', () => {
    const paths = statePathsFor('/r/.git');
    const run = '20260101-120000-ab12';
    expect(paths.stateFile(run)).toBe('/r/.git/wavelane/runs/20260101-120000-ab12/state.json');
    expect(paths.eventsFile(run)).toBe('/r/.git/wavelane/runs/20260101-120000-ab12/events.jsonl');
    expect(paths.logFile(run, 'login-api', 2)).toBe('/r/.git/wavelane/runs/20260101-120000-ab12/logs/login-api-2.log');
    expect(paths.promptFile(run, 'a', 1)).toBe('/r/.git/wavelane/runs/20260101-120000-ab12/prompts/a-1.md');
    expect(paths.boardFile).toBe('/r/.git/wavelane/board.json');
    expect(paths.currentRunFile).toBe('/r/.git/wavelane/current.json');
    expect(() => paths.runDir('../../etc')).toThrow(/not a run id/);
    expect(() => paths.logFile(run, '../x', 1)).toThrow(/not a task id/);
    expect(() => paths.logFile(run, 'a', 0)).toThrow(/positive integer/);
  });
});
