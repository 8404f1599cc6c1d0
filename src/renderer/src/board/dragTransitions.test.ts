import { describe, expect, it } from 'vitest';
import { emptyColumns, type CardColumns } from './columns';
import {
  dragCancel,
  dragEnd,
  dragOver,
  dragStart,
  dropRefused,
  dropSettled,
  moveCard,
  rebase,
  toBoardIndex,
  type DragBoard,
} from './dragTransitions';

const columns = (spec: Partial<CardColumns>): CardColumns => ({ ...emptyColumns(), ...spec });
const idle = (spec: Partial<CardColumns>): DragBoard => ({ cardIdsByColumn: columns(spec), drag: null });
const boardOf = (spec: Partial<CardColumns>) => ({ backlog: spec.backlog ?? [], runParallel: spec.runParallel ?? [] });

describe('moveCard', () => {
  it('moves a card between columns at the index, clamped, and keeps untouched columns by reference', () => {
    const before = columns({ backlog: ['a', 'b'], runParallel: ['c'], done: ['z'] });
    const after = moveCard(before, 'a', 'runParallel', 99);
    expect(after.backlog).toEqual(['b']);
    expect(after.runParallel).toEqual(['c', 'a']);
    expect(after.done).toBe(before.done);
  });

  it('reorders inside a column like arrayMove, and returns the same object when nothing moves', () => {
    const before = columns({ backlog: ['a', 'b', 'c'] });
    expect(moveCard(before, 'a', 'backlog', 2).backlog).toEqual(['b', 'c', 'a']);
    expect(moveCard(before, 'c', 'backlog', 0).backlog).toEqual(['c', 'a', 'b']);
    expect(moveCard(before, 'b', 'backlog', 1)).toBe(before);
    expect(moveCard(before, 'nope', 'backlog', 0)).toBe(before);
  });
});

describe('drag transitions', () => {
  it('snapshots on start, moves between planning columns on over, and asks for the move on end', () => {
    const start = dragStart(idle({ backlog: ['a', 'b'], runParallel: ['c'] }), 'a');
    expect(start.drag).toMatchObject({ cardId: 'a', from: 'backlog', fromIndex: 0, phase: 'dragging' });
    const over = dragOver(start, 'a', 'runParallel', 1);
    expect(over.cardIdsByColumn.runParallel).toEqual(['c', 'a']);
    expect(over.cardIdsByColumn.backlog).toEqual(['b']);
    const { board, intent } = dragEnd(over, 'a', 'runParallel', 1, boardOf({ backlog: ['a', 'b'], runParallel: ['c'] }));
    expect(intent).toEqual({ kind: 'move', id: 'a', to: 'runParallel', index: 1 });
    // Shown where it was dropped while the core decides.
    expect(board.drag?.phase).toBe('pending');
    expect(board.cardIdsByColumn.runParallel).toEqual(['c', 'a']);
  });

  it('ignores columns the run owns as drop targets', () => {
    const start = dragStart(idle({ backlog: ['a'], done: ['d'] }), 'a');
    expect(dragOver(start, 'a', 'done', 0)).toBe(start);
    const { board, intent } = dragEnd(start, 'a', 'done', 0, boardOf({ backlog: ['a'] }));
    expect(intent).toEqual({ kind: 'none' });
    expect(board).toEqual(idle({ backlog: ['a'], done: ['d'] }));
  });

  it('restores the snapshot on cancel, wherever the card was dragged', () => {
    const initial = idle({ backlog: ['a', 'b'], runParallel: ['c'] });
    const moved = dragOver(dragStart(initial, 'a'), 'a', 'runParallel', 0);
    const cancelled = dragCancel(moved);
    expect(cancelled).toEqual(initial);
    expect(cancelled.cardIdsByColumn).toBe(initial.cardIdsByColumn);
  });

  it('restores the snapshot when the core refuses the drop', () => {
    const initial = idle({ backlog: ['a'], runParallel: ['c'] });
    const { board } = dragEnd(dragStart(initial, 'a'), 'a', 'runParallel', 0, boardOf({ backlog: ['a'], runParallel: ['c'] }));
    expect(board.cardIdsByColumn.runParallel).toEqual(['a', 'c']);
    expect(dropRefused(board)).toEqual(initial);
  });

  it('takes the core placement when it accepts the drop', () => {
    const initial = idle({ backlog: ['a'], runParallel: ['c'] });
    const { board } = dragEnd(dragStart(initial, 'a'), 'a', 'runParallel', 5, boardOf({ backlog: ['a'], runParallel: ['c'] }));
    const placed = columns({ runParallel: ['c', 'a'] });
    expect(dropSettled(board, placed)).toEqual({ cardIdsByColumn: placed, drag: null });
  });

  it('asks nothing for a drop where the card started', () => {
    const initial = idle({ backlog: ['a', 'b'] });
    const { board, intent } = dragEnd(dragStart(initial, 'b'), 'b', 'backlog', 1, boardOf({ backlog: ['a', 'b'] }));
    expect(intent).toEqual({ kind: 'none' });
    expect(board).toEqual(initial);
  });

  it('reorders within a column with the index counted in the board column', () => {
    const initial = idle({ backlog: ['a', 'b', 'c'] });
    const { intent } = dragEnd(dragStart(initial, 'a'), 'a', 'backlog', 2, boardOf({ backlog: ['a', 'b', 'c'] }));
    expect(intent).toEqual({ kind: 'move', id: 'a', to: 'backlog', index: 2 });
  });

  it('asks to cancel a running card dragged out of Running, instead of moving it', () => {
    const initial = idle({ backlog: ['b'], running: ['r'] });
    const over = dragOver(dragStart(initial, 'r'), 'r', 'backlog', 0);
    const { board, intent } = dragEnd(over, 'r', 'backlog', 0, boardOf({ backlog: ['b'], runParallel: ['r'] }));
    expect(intent).toEqual({ kind: 'confirmCancel', id: 'r', to: 'backlog', index: 0 });
    // A declined confirm restores the card to Running.
    expect(dragCancel(board)).toEqual(initial);
  });

  it('asks to cancel a card waiting for review dragged out of Review', () => {
    const initial = idle({ backlog: ['b'], review: ['w'] });
    const over = dragOver(dragStart(initial, 'w'), 'w', 'backlog', 1);
    const { board, intent } = dragEnd(over, 'w', 'backlog', 1, boardOf({ backlog: ['b'], runParallel: ['w'] }));
    expect(intent).toEqual({ kind: 'confirmCancel', id: 'w', to: 'backlog', index: 1 });
    expect(dragCancel(board)).toEqual(initial);
  });

  it('puts a running card back when dropped on Running again', () => {
    const initial = idle({ running: ['r', 's'] });
    const { intent, board } = dragEnd(dragStart(initial, 'r'), 'r', 'running', 1, boardOf({ runParallel: ['r', 's'] }));
    expect(intent).toEqual({ kind: 'none' });
    expect(board).toEqual(initial);
  });

  it('refuses a second drag while a drop is pending', () => {
    const { board } = dragEnd(dragStart(idle({ backlog: ['a', 'b'] }), 'a'), 'a', 'runParallel', 0, boardOf({ backlog: ['a', 'b'] }));
    expect(dragStart(board, 'b')).toBe(board);
  });

  it('keeps the dragged card under the pointer when a snapshot arrives mid-drag, and restores the newer one', () => {
    const over = dragOver(dragStart(idle({ backlog: ['a', 'b'] }), 'a'), 'a', 'runParallel', 0);
    const newer = columns({ backlog: ['a', 'b', 'n'] });
    const rebased = rebase(over, newer);
    expect(rebased.cardIdsByColumn.runParallel).toEqual(['a']);
    expect(rebased.cardIdsByColumn.backlog).toEqual(['b', 'n']);
    expect(dragCancel(rebased).cardIdsByColumn).toBe(newer);
  });

  it('ends the drag when a snapshot no longer has the dragged card (deleted elsewhere)', () => {
    const start = dragStart(idle({ backlog: ['a', 'b'] }), 'a');
    const placed = columns({ backlog: ['b'] });
    expect(rebase(start, placed)).toEqual({ cardIdsByColumn: placed, drag: null });
  });
});

describe('toBoardIndex', () => {
  it('counts past cards the column holds but shows elsewhere (running ones)', () => {
    // The board's lane holds r (running, shown in Running); x is shown before b.
    expect(toBoardIndex(['r', 'a', 'b'], ['a', 'x', 'b'], 'x')).toBe(2);
    expect(toBoardIndex(['r', 'a', 'b'], ['a', 'b', 'x'], 'x')).toBe(3);
    expect(toBoardIndex(['a', 'b', 'c'], ['b', 'a', 'c'], 'a')).toBe(1);
  });
});
