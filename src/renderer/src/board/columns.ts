import type { PlanningColumn } from '../../../shared/board/board';

/** Every column of the board: the two the user arranges, and four that follow the run by themselves. */
export type ColumnId = PlanningColumn | 'running' | 'review' | 'done' | 'attention';

/** Card ids per column, in display order. */
export type CardColumns = Record<ColumnId, string[]>;

export const COLUMN_IDS: readonly ColumnId[] = ['backlog', 'runParallel', 'running', 'review', 'done', 'attention'];

/** The accessible names of the columns' regions: tests and screen readers find the board by them. */
export const COLUMN_LABELS: Record<ColumnId, string> = {
  backlog: 'Backlog',
  runParallel: 'Run parallel',
  running: 'Running',
  review: 'Review',
  done: 'Done',
  attention: 'Needs attention',
};

/** The columns a card can be dropped on; the others are placed by the run. */
export function isPlanningColumn(column: ColumnId): column is PlanningColumn {
  return column === 'backlog' || column === 'runParallel';
}

export function emptyColumns(): CardColumns {
  return { backlog: [], runParallel: [], running: [], review: [], done: [], attention: [] };
}

export function findColumn(columns: CardColumns, cardId: string): ColumnId | null {
  for (const column of COLUMN_IDS) if (columns[column].includes(cardId)) return column;
  return null;
}

/** Keeps the previous array of every column whose ids did not change, so narrow selectors skip re-renders. */
export function shareColumns(previous: CardColumns, next: CardColumns): CardColumns {
  let same = true;
  const shared = emptyColumns();
  for (const column of COLUMN_IDS) {
    const a = previous[column];
    const b = next[column];
    const equal = a.length === b.length && a.every((id, i) => id === b[i]);
    shared[column] = equal ? a : b;
    if (!equal) same = false;
  }
  return same ? previous : shared;
}
