import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BoardState } from '../../../shared/board/board';
import { createTempRepo, type TempRepo } from '../testing/tempRepo';
import { BoardStore, DEFAULT_BOARD_SETTINGS, emptyBoard, tidyColumns } from './boardStore';
import { planFixture } from './runStateFixture';

describe('BoardStore (real repositories)', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  const setup = async () => {
    const repo: TempRepo = await createTempRepo();
    cleanups.push(repo.cleanup);
    const opened = await BoardStore.open(repo.dir);
    if (!opened.ok) throw new Error(opened.error.message);
    return { repo, store: opened.value };
  };
  const board = (): BoardState => ({
    plan: {
      ...planFixture(['a', 'b', 'c']),
      objectives: [{ id: 'auth', title: 'Sign-in' }],
      adrs: [{ id: 'adr-001', objective: 'auth', title: 'Use JWT', status: 'accepted', decision: 'JWT' }],
      verify: 'npm test',
    },
    columns: { backlog: ['c'], runParallel: ['a', 'b'] },
    settings: { maxParallel: 5, resourceGuard: false, strategy: 'waves', reviewBeforeMerge: true, verify: '' },
  });

  it('gives an empty board with the default settings when nothing was saved', async () => {
    const { store } = await setup();
    const loaded = await store.load();
    expect(loaded).toEqual({
      ok: true,
      value: {
        board: { plan: { version: 1, tasks: [] }, columns: { backlog: [], runParallel: [] }, settings: { maxParallel: 3, resourceGuard: true, strategy: 'eager', reviewBeforeMerge: false } },
        notes: [],
      },
    });
    expect(DEFAULT_BOARD_SETTINGS).toEqual({ maxParallel: 3, resourceGuard: true, strategy: 'eager', reviewBeforeMerge: false });
  });

  it('round-trips a board through .git/wavelane/board.json, visible from a worktree too', async () => {
    const { repo, store } = await setup();
    expect(await store.save(board())).toEqual({ ok: true, value: board() });
    expect(store.paths.boardFile).toBe(path.join(repo.dir, '.git', 'wavelane', 'board.json'));
    expect(await store.load()).toEqual({ ok: true, value: { board: board(), notes: [] } });
    const worktree = path.join(repo.dir, '..', `${path.basename(repo.dir)}-board-wt`);
    cleanups.push(() => rm(worktree, { recursive: true, force: true }));
    await repo.git('worktree', 'add', '-q', '--detach', worktree);
    const fromWorktree = await BoardStore.open(worktree);
    if (!fromWorktree.ok) throw new Error(fromWorktree.error.message);
    expect(await fromWorktree.value.load()).toEqual({ ok: true, value: { board: board(), notes: [] } });
    expect(await repo.git('status', '--porcelain')).toBe('');
  });

  it('writes concurrent saves in call order: the last one wins', async () => {
    const { store } = await setup();
    const saves = Array.from({ length: 15 }, (_, i) => store.save({ ...board(), settings: { ...board().settings, maxParallel: i + 1 } }));
    expect((await Promise.all(saves)).every((saved) => saved.ok)).toBe(true);
    await store.idle();
    const loaded = await store.load();
    expect(loaded.ok && loaded.value.board.settings.maxParallel).toBe(15);
  });

  it('reports a damaged file by name and leaves it alone (never an empty board in its place)', async () => {
    const { store } = await setup();
    await store.save(board());
    const file = store.paths.boardFile;
    await writeFile(file, '{"version": 1, "board": {');
    const broken = await store.load();
    expect(broken.ok === false && broken.error.code).toBe('BOARD_CORRUPT');
    expect(broken.ok === false && broken.error.message).toContain(file);
    const wrongShape = { version: 1, board: { ...board(), settings: { ...board().settings, maxParallel: 'many' } } };
    await writeFile(file, JSON.stringify(wrongShape));
    const invalid = await store.load();
    expect(invalid.ok === false && invalid.error.code).toBe('BOARD_CORRUPT');
    expect(invalid.ok === false && invalid.error.message).toContain('board.settings.maxParallel');
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(wrongShape);
    await writeFile(file, JSON.stringify({ version: 9, board: {} }));
    const future = await store.load();
    expect(future.ok === false && future.error.code).toBe('BOARD_VERSION');
  });

  it('refuses to save an invalid board and keeps the saved one', async () => {
    const { store } = await setup();
    await store.save(board());
    const bad = { ...board(), settings: { ...board().settings, maxParallel: 0 } };
    const saved = await store.save(bad);
    expect(saved.ok === false && saved.error.code).toBe('INVALID_BOARD');
    const loaded = await store.load();
    expect(loaded.ok && loaded.value.board).toEqual(board());
  });

  it('fills settings an older file lacks with the defaults', async () => {
    const { store } = await setup();
    const old = { version: 1, board: { plan: planFixture(['a']), columns: { backlog: ['a'], runParallel: [] }, settings: { maxParallel: 6 } } };
    await mkdir(store.paths.root, { recursive: true });
    await writeFile(store.paths.boardFile, JSON.stringify(old));
    const loaded = await store.load();
    expect(loaded.ok && loaded.value.board.settings).toEqual({ maxParallel: 6, resourceGuard: true, strategy: 'eager', reviewBeforeMerge: false });
  });

  it('tidies columns that disagree with the plan, saying what it did', async () => {
    const { store } = await setup();
    const messy = { version: 1, board: { ...board(), columns: { backlog: ['gone', 'a'], runParallel: ['a', 'b'] } } };
    await mkdir(store.paths.root, { recursive: true });
    await writeFile(store.paths.boardFile, JSON.stringify(messy));
    const loaded = await store.load();
    if (!loaded.ok) throw new Error(loaded.error.message);
    expect(loaded.value.board.columns).toEqual({ backlog: ['a', 'c'], runParallel: ['b'] });
    expect(loaded.value.notes).toEqual([
      'column backlog named task "gone", which is not in the plan: dropped',
      'task "a" was listed twice in the columns: kept its first place',
      'task "c" was in no column: put at the end of backlog',
    ]);
    expect(tidyColumns(emptyBoard())).toEqual({ board: emptyBoard(), notes: [] });
  });
});
