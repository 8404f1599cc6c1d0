import { describe, expect, it } from 'vitest';
import type { BoardSnapshot } from '../../../shared/board/board';
import { boardSnapshot, runSnapshot, runTask } from '../testing/boardFixtures';
import { scriptedCore } from '../testing/scriptedCore';
import { createAppStore } from './appStore';
import { createBoardActions } from './boardActions';

const refused = (message: string) => ({ ok: false as const, error: { code: 'REFUSED' as const, message } });

describe('board actions: the drop flow against a scripted core', () => {
  it('sends board.moveTask for a drop and settles on the answer', async () => {
    const store = createAppStore();
    store.getState().applySnapshot(boardSnapshot({ backlog: ['a', 'b'], runParallel: [] }));
    const after = boardSnapshot({ backlog: ['b'], runParallel: ['a'], preview: { waves: [['a']] } });
    const core = scriptedCore({ 'board.moveTask': () => ({ ok: true, value: after }) });
    const actions = createBoardActions(core.request, store);
    store.getState().startDrag('a');
    store.getState().dragOverColumn('a', 'runParallel', 0);
    await actions.drop('a', 'runParallel', 0);
    expect(core.calls).toEqual([{ name: 'board.moveTask', input: { id: 'a', to: 'runParallel', index: 0 } }]);
    expect(store.getState().cardIdsByColumn.runParallel).toEqual(['a']);
    expect(store.getState().preview.waves).toEqual([['a']]);
    expect(store.getState().drag).toBeNull();
  });

  it('puts a refused card back where it was and shows the reason on it', async () => {
    const store = createAppStore();
    store.getState().applySnapshot(boardSnapshot({ backlog: ['x', 'a'], runParallel: ['b'] }));
    const core = scriptedCore({ 'board.moveTask': () => refused('a uses agent "nope", which is not configured') });
    const actions = createBoardActions(core.request, store);
    store.getState().startDrag('a');
    store.getState().dragOverColumn('a', 'runParallel', 1);
    await actions.drop('a', 'runParallel', 1);
    const state = store.getState();
    expect(state.cardIdsByColumn.backlog).toEqual(['x', 'a']);
    expect(state.cardIdsByColumn.runParallel).toEqual(['b']);
    expect(state.cardErrors.a).toBe('a uses agent "nope", which is not configured');
  });

  it('sends nothing for a drop where the card started', async () => {
    const store = createAppStore();
    store.getState().applySnapshot(boardSnapshot({ backlog: ['a', 'b'] }));
    const core = scriptedCore({});
    const actions = createBoardActions(core.request, store);
    store.getState().startDrag('a');
    await actions.drop('a', 'backlog', 0);
    expect(core.calls).toEqual([]);
    expect(store.getState().drag).toBeNull();
  });

  describe('dragging a running card out', () => {
    const running = () => {
      const store = createAppStore();
      const run = runSnapshot([runTask('r', 'running')]);
      store.getState().applySnapshot(boardSnapshot({ backlog: ['b'], runParallel: ['r'], run }));
      store.getState().startDrag('r');
      store.getState().dragOverColumn('r', 'backlog', 1);
      return store;
    };

    it('asks "Cancel <title>?" first and sends nothing until confirmed', async () => {
      const store = running();
      const core = scriptedCore({});
      await createBoardActions(core.request, store).drop('r', 'backlog', 1);
      expect(core.calls).toEqual([]);
      expect(store.getState().dialog).toEqual({ kind: 'confirmCancel', id: 'r', to: 'backlog', index: 1 });
    });

    it('puts the card back in Running when the user keeps it running', async () => {
      const store = running();
      const actions = createBoardActions(scriptedCore({}).request, store);
      await actions.drop('r', 'backlog', 1);
      actions.declineCancel();
      expect(store.getState().dialog).toBeNull();
      expect(store.getState().cardIdsByColumn.running).toEqual(['r']);
      expect(store.getState().cardIdsByColumn.backlog).toEqual(['b']);
    });

    it('cancels the task, then moves it, when confirmed', async () => {
      const store = running();
      const cancelled = runSnapshot([runTask('r', 'cancelled', { reason: 'cancelled by the user' })]);
      const moved: BoardSnapshot = boardSnapshot({ backlog: ['b', 'r'], run: cancelled });
      const core = scriptedCore({
        'task.cancel': () => ({ ok: true, value: cancelled }),
        'board.moveTask': () => ({ ok: true, value: moved }),
      });
      const actions = createBoardActions(core.request, store);
      await actions.drop('r', 'backlog', 1);
      await actions.confirmCancel();
      expect(core.calls).toEqual([
        { name: 'task.cancel', input: { id: 'r' } },
        { name: 'board.moveTask', input: { id: 'r', to: 'backlog', index: 1 } },
      ]);
      expect(store.getState().cardIdsByColumn.backlog).toEqual(['b', 'r']);
      expect(store.getState().runTasks.r?.status).toBe('cancelled');
    });

    it('puts the card back and says why when the cancel fails', async () => {
      const store = running();
      const core = scriptedCore({
        'task.cancel': () => ({ ok: false, error: { code: 'NOT_RUNNING', message: 'r is no longer running' } }),
      });
      const actions = createBoardActions(core.request, store);
      await actions.drop('r', 'backlog', 1);
      await actions.confirmCancel();
      expect(core.names()).toEqual(['task.cancel']);
      expect(store.getState().cardIdsByColumn.running).toEqual(['r']);
      expect(store.getState().cardErrors.r).toBe('r is no longer running');
    });
  });
});

describe('board actions: runs, plans and loading', () => {
  it('saves max parallel before starting a run when it changed, and applies the run', async () => {
    const store = createAppStore();
    store.getState().applySnapshot(boardSnapshot({ runParallel: ['a'] }));
    const run = runSnapshot([runTask('a', 'running')], { maxParallel: 2 });
    const core = scriptedCore({
      'board.setSettings': (input) => {
        const next = boardSnapshot({ runParallel: ['a'] });
        next.board.settings.maxParallel = input.maxParallel ?? 0;
        return { ok: true, value: next };
      },
      'run.start': () => ({ ok: true, value: run }),
    });
    const actions = createBoardActions(core.request, store);
    await actions.startRun(2);
    expect(core.calls).toEqual([
      { name: 'board.setSettings', input: { maxParallel: 2 } },
      { name: 'run.start', input: {} },
    ]);
    expect(store.getState().settings?.maxParallel).toBe(2);
    expect(store.getState().cardIdsByColumn.running).toEqual(['a']);
    await actions.startRun(2);
    expect(core.names().slice(2)).toEqual(['run.start']);
  });

  it('shows why a run did not start, with the details', async () => {
    const store = createAppStore();
    store.getState().applySnapshot(boardSnapshot({ runParallel: ['a'] }));
    const core = scriptedCore({
      'run.start': () => ({
        ok: false,
        error: { code: 'AGENT_UNAVAILABLE', message: 'An agent is not installed', details: ['a: claude not found on PATH'] },
      }),
    });
    await createBoardActions(core.request, store).startRun(4);
    expect(store.getState().notice).toEqual({ message: 'An agent is not installed', details: ['a: claude not found on PATH'] });
    expect(store.getState().run).toBeNull();
  });

  it('clears the notice of a refused start once a run starts', async () => {
    const store = createAppStore();
    store.getState().applySnapshot(boardSnapshot({ runParallel: ['a'] }));
    let lane = false;
    const core = scriptedCore({
      'run.start': () =>
        lane
          ? { ok: true, value: runSnapshot([runTask('a', 'running')]) }
          : { ok: false, error: { code: 'INVALID_PLAN', message: 'Run parallel is empty' } },
    });
    const actions = createBoardActions(core.request, store);
    await actions.startRun(4);
    expect(store.getState().notice?.message).toBe('Run parallel is empty');
    lane = true;
    await actions.startRun(4);
    expect(store.getState().notice).toBeNull();
    expect(store.getState().cardIdsByColumn.running).toEqual(['a']);
  });

  it('imports a plan file as text and shows the problems of a bad one', async () => {
    const store = createAppStore();
    const core = scriptedCore({
      'board.import': (input) =>
        input.text.startsWith('{')
          ? { ok: true, value: boardSnapshot({ backlog: ['imported'] }) }
          : { ok: false, error: { code: 'INVALID_PLAN', message: 'plan.json is not JSON', where: 'line 1, column 1' } },
    });
    const actions = createBoardActions(core.request, store);
    await actions.importPlan('{"version":1}', 'plan.json');
    expect(core.calls[0]).toEqual({ name: 'board.import', input: { text: '{"version":1}', fileName: 'plan.json' } });
    expect(store.getState().cardIdsByColumn.backlog).toEqual(['imported']);
    await actions.importPlan('nope', 'plan.json');
    expect(store.getState().notice?.message).toBe('plan.json is not JSON');
    expect(store.getState().cardIdsByColumn.backlog).toEqual(['imported']);
    await actions.importPlan('{"version":1}', 'plan.json');
    expect(store.getState().notice).toBeNull();
  });

  it('returns the error of a refused edit to its dialog and keeps the board', async () => {
    const store = createAppStore();
    store.getState().applySnapshot(boardSnapshot({ backlog: ['a'] }));
    const before = store.getState().tasks;
    const core = scriptedCore({ 'board.saveTask': () => refused('a would depend on itself through b') });
    const error = await createBoardActions(core.request, store).saveTask({ id: 'a', title: 'A', prompt: '' });
    expect(error?.message).toMatch(/depend on itself/);
    expect(store.getState().tasks).toBe(before);
  });

  it('loads the saved board, and clears it when no project is open', async () => {
    const store = createAppStore();
    let open = true;
    const core = scriptedCore({
      'board.get': () => (open ? { ok: true, value: boardSnapshot({ backlog: ['saved'] }) } : { ok: false, error: { code: 'NO_PROJECT', message: 'no repository is open' } }),
    });
    const actions = createBoardActions(core.request, store);
    await actions.loadBoard();
    expect(store.getState().cardIdsByColumn.backlog).toEqual(['saved']);
    open = false;
    await actions.loadBoard();
    expect(store.getState().snapshot).toBeNull();
    expect(store.getState().notice).toBeNull();
  });
});
