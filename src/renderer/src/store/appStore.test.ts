import { describe, expect, it } from 'vitest';
import { boardSnapshot, planTask, runSnapshot, runTask } from '../testing/boardFixtures';
import { createAppStore } from './appStore';

describe('app store: snapshots and events', () => {
  it('normalizes a board snapshot into entities by id and cards per column', () => {
    const store = createAppStore();
    const snapshot = boardSnapshot({ backlog: ['a'], runParallel: ['b'] });
    snapshot.board.plan.objectives = [{ id: 'auth', title: 'Auth' }];
    snapshot.board.plan.adrs = [{ id: 'ADR-001', title: 'JWT', objective: 'auth' }];
    store.getState().applySnapshot(snapshot);
    const state = store.getState();
    expect(Object.keys(state.tasks)).toEqual(['a', 'b']);
    expect(state.objectives.auth?.title).toBe('Auth');
    expect(state.adrIds).toEqual(['ADR-001']);
    expect(state.cardIdsByColumn.backlog).toEqual(['a']);
    expect(state.cardIdsByColumn.runParallel).toEqual(['b']);
    expect(state.settings?.maxParallel).toBe(4);
  });

  it('keeps the newest board when an older snapshot arrives after it (answers and events may cross)', () => {
    const store = createAppStore();
    store.getState().applySnapshot(boardSnapshot({ backlog: ['a', 'b'], version: 7 }));
    store.getState().applySnapshot(boardSnapshot({ backlog: ['a'], version: 6 }));
    expect(store.getState().cardIdsByColumn.backlog).toEqual(['a', 'b']);
    store.getState().applySnapshot(boardSnapshot({ backlog: ['b'], version: 8 }));
    expect(store.getState().cardIdsByColumn.backlog).toEqual(['b']);
  });

  it('applies the same snapshot twice without changing a reference (answer and event are idempotent)', () => {
    const store = createAppStore();
    store.getState().applySnapshot(boardSnapshot({ backlog: ['a', 'b'] }));
    const before = store.getState();
    store.getState().applySnapshot(boardSnapshot({ backlog: ['a', 'b'] }));
    const after = store.getState();
    expect(after.tasks).toBe(before.tasks);
    expect(after.cardIdsByColumn).toBe(before.cardIdsByColumn);
    expect(after.preview).toBe(before.preview);
  });

  it('re-renders only what changed: an edited task gets a new object, the others keep theirs', () => {
    const store = createAppStore();
    store.getState().applySnapshot(boardSnapshot({ backlog: ['a', 'b'] }));
    const before = store.getState();
    store.getState().applySnapshot(boardSnapshot({ tasks: [planTask('a', { title: 'New' }), planTask('b')], backlog: ['a', 'b'] }));
    const after = store.getState();
    expect(after.tasks.a?.title).toBe('New');
    expect(after.tasks.b).toBe(before.tasks.b);
    expect(after.cardIdsByColumn.backlog).toBe(before.cardIdsByColumn.backlog);
  });

  it('moves cards on run events, and a newer board snapshot carries the run along', () => {
    const store = createAppStore();
    store.getState().applySnapshot(boardSnapshot({ runParallel: ['a', 'b', 'c'] }));
    store.getState().applyRun(runSnapshot([runTask('a', 'running'), runTask('b', 'failed', { reason: 'exit code 1' }), runTask('c', 'pending')]));
    let state = store.getState();
    expect(state.cardIdsByColumn.running).toEqual(['a']);
    expect(state.cardIdsByColumn.attention).toEqual(['b']);
    expect(state.cardIdsByColumn.runParallel).toEqual(['c']);
    expect(state.runTasks.b?.reason).toBe('exit code 1');
    store.getState().applyRun(runSnapshot([runTask('a', 'merged'), runTask('b', 'failed'), runTask('c', 'running')]));
    state = store.getState();
    expect(state.cardIdsByColumn.done).toEqual(['a']);
    expect(state.cardIdsByColumn.running).toEqual(['c']);
    store.getState().applySnapshot(boardSnapshot({ runParallel: ['a', 'b', 'c'], run: null }));
    expect(store.getState().run).toBeNull();
    expect(store.getState().cardIdsByColumn.runParallel).toEqual(['a', 'b', 'c']);
  });

  it('keeps a run that arrives before the board, and places it once the board comes', () => {
    const store = createAppStore();
    store.getState().applyRun(runSnapshot([runTask('a', 'running')]));
    expect(store.getState().cardIdsByColumn.running).toEqual([]);
    const snapshot = boardSnapshot({ runParallel: ['a'] });
    store.getState().applySnapshot({ ...snapshot, run: store.getState().run });
    expect(store.getState().cardIdsByColumn.running).toEqual(['a']);
  });

  it('forgets everything of a board when the project closes', () => {
    const store = createAppStore();
    store.getState().applySnapshot(boardSnapshot({ backlog: ['a'], run: runSnapshot([runTask('a', 'running')]) }));
    store.getState().setCardError('a', 'refused');
    store.getState().clearBoard();
    const state = store.getState();
    expect(state.snapshot).toBeNull();
    expect(state.tasks).toEqual({});
    expect(state.run).toBeNull();
    expect(Object.values(state.cardIdsByColumn).flat()).toEqual([]);
    expect(state.cardErrors).toEqual({});
  });
});

describe('app store: drags', () => {
  const ready = () => {
    const store = createAppStore();
    store.getState().applySnapshot(boardSnapshot({ backlog: ['a', 'b'], runParallel: ['c'] }));
    return store;
  };

  it('restores the card and shows the reason when the core refuses the drop; a new drag clears it', () => {
    const store = ready();
    store.getState().startDrag('a');
    store.getState().dragOverColumn('a', 'runParallel', 1);
    expect(store.getState().cardIdsByColumn.runParallel).toEqual(['c', 'a']);
    const intent = store.getState().endDrag('a', 'runParallel', 1);
    expect(intent).toEqual({ kind: 'move', id: 'a', to: 'runParallel', index: 1 });
    store.getState().refuseDrop('a', 'a depends on c, which depends on a (a cycle)');
    let state = store.getState();
    expect(state.cardIdsByColumn.backlog).toEqual(['a', 'b']);
    expect(state.cardIdsByColumn.runParallel).toEqual(['c']);
    expect(state.drag).toBeNull();
    expect(state.cardErrors.a).toMatch(/cycle/);
    store.getState().startDrag('a');
    state = store.getState();
    expect(state.cardErrors.a).toBeUndefined();
    store.getState().cancelDrag();
    expect(store.getState().cardIdsByColumn.backlog).toEqual(['a', 'b']);
  });

  it('settles an accepted drop on the placement the core answered', () => {
    const store = ready();
    store.getState().startDrag('b');
    store.getState().endDrag('b', 'runParallel', 0);
    // The core put it after c (its own choice of index), and said so in the answer.
    store.getState().settleDrop('b', boardSnapshot({ backlog: ['a'], runParallel: ['c', 'b'] }));
    const state = store.getState();
    expect(state.drag).toBeNull();
    expect(state.cardIdsByColumn.runParallel).toEqual(['c', 'b']);
    expect(state.snapshot?.board.columns.runParallel).toEqual(['c', 'b']);
  });

  it('keeps the dropped card where it was dropped while a board event arrives before the answer', () => {
    const store = ready();
    store.getState().startDrag('a');
    store.getState().endDrag('a', 'runParallel', 1);
    store.getState().applySnapshot(boardSnapshot({ backlog: ['a', 'b', 'n'], runParallel: ['c'] }));
    expect(store.getState().cardIdsByColumn.runParallel).toEqual(['c', 'a']);
    store.getState().refuseDrop('a', 'refused');
    // Restored to the newest placement the core sent, not the one from before the event.
    expect(store.getState().cardIdsByColumn.backlog).toEqual(['a', 'b', 'n']);
  });

  it('keeps the dragged card under the pointer when a run event moves other cards mid-drag', () => {
    const store = createAppStore();
    store.getState().applySnapshot(boardSnapshot({ backlog: ['a'], runParallel: ['c', 'd'] }));
    store.getState().startDrag('a');
    store.getState().dragOverColumn('a', 'runParallel', 0);
    store.getState().applyRun(runSnapshot([runTask('c', 'running'), runTask('d', 'pending')]));
    const state = store.getState();
    expect(state.cardIdsByColumn.running).toEqual(['c']);
    expect(state.cardIdsByColumn.runParallel).toEqual(['a', 'd']);
    store.getState().cancelDrag();
    expect(store.getState().cardIdsByColumn.backlog).toEqual(['a']);
    expect(store.getState().cardIdsByColumn.runParallel).toEqual(['d']);
  });
});

describe('app store: ui', () => {
  it('orders terminal panes by focus and counts focus requests', () => {
    const store = createAppStore();
    store.getState().focusTerminal('a');
    store.getState().focusTerminal('b');
    store.getState().focusTerminal('a');
    const state = store.getState();
    expect(state.terminalOrder).toEqual(['a', 'b']);
    expect(state.focusedTerminal).toBe('a');
    expect(state.focusCount).toBe(3);
  });
});

describe('app store: filter', () => {
  it('drops an objective filter when the objective disappears', () => {
    const store = createAppStore();
    const snapshot = boardSnapshot({ backlog: ['a'] });
    snapshot.board.plan.objectives = [{ id: 'auth', title: 'Auth' }];
    store.getState().applySnapshot(snapshot);
    store.getState().setObjectiveFilter('auth');
    store.getState().applySnapshot(snapshot);
    expect(store.getState().objectiveFilter).toBe('auth');
    store.getState().applySnapshot(boardSnapshot({ backlog: ['a'] }));
    expect(store.getState().objectiveFilter).toBeNull();
  });
});
