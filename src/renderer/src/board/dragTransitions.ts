import type { PlanningColumn } from '../../../shared/board/board';
import { findColumn, isPlanningColumn, type CardColumns, type ColumnId } from './columns';

/**
 * Drag and drop as pure transitions (dnd-kit's multiple-containers pattern): the placement is
 * snapshotted when a drag starts, the card moves between columns while it is dragged over them, and
 * the snapshot comes back on cancel or when the core refuses the drop.
 */

export interface DragState {
  cardId: string;
  from: ColumnId;
  fromIndex: number;
  /** Where the card is shown now. */
  over: { column: ColumnId; index: number };
  /** The placement the drag started from, kept current with snapshots that arrive meanwhile. */
  snapshot: CardColumns;
  /** `dragging` until dropped; `pending` while the core decides on the drop. */
  phase: 'dragging' | 'pending';
}

export interface DragBoard {
  cardIdsByColumn: CardColumns;
  drag: DragState | null;
}

/** What a drop asks of the core. `index` counts in the board's own column, after removing the card. */
export type DropIntent =
  | { kind: 'none' }
  | { kind: 'move'; id: string; to: PlanningColumn; index: number }
  /** A card left Running or Review (the core cancels it on the move): ask "Cancel <title>?" before anything is sent. */
  | { kind: 'confirmCancel'; id: string; to: PlanningColumn; index: number };

/** Columns of tasks the run has not finished: taking one off the lane cancels it, so the user is asked first. */
const CANCELLED_BY_MOVE: ReadonlySet<ColumnId> = new Set(['running', 'review']);

/** Moves one id to `index` of `to` (clamped), returning new arrays only for the columns that changed. */
export function moveCard(columns: CardColumns, cardId: string, to: ColumnId, index: number): CardColumns {
  const from = findColumn(columns, cardId);
  if (from === null) return columns;
  const source = columns[from].filter((id) => id !== cardId);
  const target = from === to ? source : [...columns[to]];
  const at = Math.max(0, Math.min(index, target.length));
  if (from === to && columns[from][at] === cardId) return columns;
  target.splice(at, 0, cardId);
  return { ...columns, [from]: from === to ? target : source, [to]: target };
}

/** Starts a drag; ignored while another drag or a drop the core has not answered is under way. */
export function dragStart(board: DragBoard, cardId: string): DragBoard {
  if (board.drag) return board;
  const from = findColumn(board.cardIdsByColumn, cardId);
  if (from === null) return board;
  const fromIndex = board.cardIdsByColumn[from].indexOf(cardId);
  return {
    cardIdsByColumn: board.cardIdsByColumn,
    drag: {
      cardId,
      from,
      fromIndex,
      over: { column: from, index: fromIndex },
      snapshot: board.cardIdsByColumn,
      phase: 'dragging',
    },
  };
}

/** Shows the card where it would land; columns the run owns are not drop targets, so they are ignored. */
export function dragOver(board: DragBoard, cardId: string, toColumn: ColumnId, index: number): DragBoard {
  const drag = board.drag;
  if (!drag || drag.cardId !== cardId || drag.phase !== 'dragging') return board;
  if (!isPlanningColumn(toColumn) && toColumn !== drag.from) return board;
  const cardIdsByColumn = moveCard(board.cardIdsByColumn, cardId, toColumn, index);
  const at = cardIdsByColumn[toColumn].indexOf(cardId);
  if (cardIdsByColumn === board.cardIdsByColumn && drag.over.column === toColumn && drag.over.index === at) return board;
  return { cardIdsByColumn, drag: { ...drag, over: { column: toColumn, index: at } } };
}

/**
 * Where the card sits in the board's own column (which also holds cards shown elsewhere during a run):
 * just before the next card shown after it that the column holds, or at the end.
 */
export function toBoardIndex(boardColumn: readonly string[], shown: readonly string[], cardId: string): number {
  const rest = boardColumn.filter((id) => id !== cardId);
  const position = shown.indexOf(cardId);
  for (const next of shown.slice(position + 1)) {
    const index = rest.indexOf(next);
    if (index >= 0) return index;
  }
  return rest.length;
}

/**
 * Ends a drag at `toColumn`/`index` (or where it was last shown when the drop target is not a column
 * that takes cards). A drop where the card started asks nothing and restores the placement; any other
 * drop stays shown while the core decides (`phase: 'pending'`).
 */
export function dragEnd(
  board: DragBoard,
  cardId: string,
  toColumn: ColumnId | null,
  index: number,
  boardColumns: Record<PlanningColumn, readonly string[]>,
): { board: DragBoard; intent: DropIntent } {
  const drag = board.drag;
  if (!drag || drag.cardId !== cardId || drag.phase !== 'dragging') return { board, intent: { kind: 'none' } };
  const moved = toColumn === null ? board : dragOver(board, cardId, toColumn, index);
  const over = moved.drag?.over ?? drag.over;
  if (!isPlanningColumn(over.column) || (over.column === drag.from && over.index === drag.fromIndex)) {
    return { board: dragCancel(moved), intent: { kind: 'none' } };
  }
  const to = over.column;
  const boardIndex = toBoardIndex(boardColumns[to], moved.cardIdsByColumn[to], cardId);
  if (over.column === drag.from && boardIndex === boardColumns[to].indexOf(cardId)) {
    return { board: dragCancel(moved), intent: { kind: 'none' } };
  }
  const pending: DragBoard = { cardIdsByColumn: moved.cardIdsByColumn, drag: { ...drag, over, phase: 'pending' } };
  const kind = CANCELLED_BY_MOVE.has(drag.from) ? 'confirmCancel' : 'move';
  return { board: pending, intent: { kind, id: cardId, to, index: boardIndex } };
}

/** Puts every card back where the drag started (Escape, a drop outside, a refusal, a declined confirm). */
export function dragCancel(board: DragBoard): DragBoard {
  if (!board.drag) return board;
  return { cardIdsByColumn: board.drag.snapshot, drag: null };
}

/**
 * A new placement from the core. While dragging, it becomes the snapshot and the card stays where the
 * pointer is; while a drop is pending it only updates the snapshot (the answer settles the drop).
 */
export function rebase(board: DragBoard, placed: CardColumns): DragBoard {
  const drag = board.drag;
  if (!drag) return { cardIdsByColumn: placed, drag: null };
  if (findColumn(placed, drag.cardId) === null) return { cardIdsByColumn: placed, drag: null };
  const snapshot = placed;
  if (drag.phase === 'pending') return { cardIdsByColumn: board.cardIdsByColumn, drag: { ...drag, snapshot } };
  const cardIdsByColumn = moveCard(placed, drag.cardId, drag.over.column, drag.over.index);
  return { cardIdsByColumn, drag: { ...drag, snapshot } };
}

/** The core accepted the drop: its placement is the truth from now on. */
export function dropSettled(board: DragBoard, placed: CardColumns): DragBoard {
  return { cardIdsByColumn: placed, drag: null };
}

/** The core refused the drop: the card returns to where it was. */
export function dropRefused(board: DragBoard): DragBoard {
  return dragCancel(board);
}
