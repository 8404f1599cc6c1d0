import type { BoardSnapshot, PlanningColumn, RunTask } from '../../../shared/board/board';
import type { TaskStatus } from '../../../shared/run/taskStatus';
import { emptyColumns, type CardColumns, type ColumnId } from './columns';

/** Where a run puts a card by its status; `null` leaves it in the planning column the user chose. */
const COLUMN_BY_STATUS: Record<TaskStatus, ColumnId | null> = {
  pending: null,
  running: 'running',
  review: 'review',
  merging: 'running',
  merged: 'done',
  empty: 'done',
  failed: 'attention',
  conflict: 'attention',
  skipped: 'attention',
  cancelled: 'attention',
};

/** Columns of tasks the run is still busy with: a card there stays, wherever the board lists it. */
const UNFINISHED: ReadonlySet<ColumnId> = new Set(['running', 'review']);

function columnFor(runTask: RunTask | undefined, planned: PlanningColumn): ColumnId {
  if (!runTask) return planned;
  const byStatus = COLUMN_BY_STATUS[runTask.status];
  if (byStatus === null) return planned;
  // A finished card the user took back to Backlog is being re-planned: the board column wins. One
  // still running or waiting for review is not finished: it stays where its agent or decision is.
  if (planned === 'backlog' && !UNFINISHED.has(byStatus)) return 'backlog';
  return byStatus;
}

/**
 * The card ids of every column, from a board snapshot: Backlog and Run parallel in the user's order,
 * except that tasks of the run sit where their status puts them (running and merging in Running,
 * review in Review, merged and empty in Done, failed, conflict, skipped and cancelled in Needs
 * attention; pending ones stay on the lane). The run's columns keep the run's order. Tasks of the plan that no
 * column names land at the end of Backlog; ids the plan does not know are dropped.
 */
export function placeCards(snapshot: BoardSnapshot): CardColumns {
  const known = new Set(snapshot.board.plan.tasks.map((task) => task.id));
  const runTasks = new Map((snapshot.run?.tasks ?? []).map((task) => [task.id, task]));
  const planned = new Map<string, PlanningColumn>();
  for (const column of ['backlog', 'runParallel'] as const) {
    for (const id of snapshot.board.columns[column]) {
      if (known.has(id) && !planned.has(id)) planned.set(id, column);
    }
  }
  // Run tasks that no column names (the lane was edited elsewhere) still belong to the lane.
  for (const task of snapshot.run?.tasks ?? []) {
    if (known.has(task.id) && !planned.has(task.id)) planned.set(task.id, 'runParallel');
  }
  for (const id of known) if (!planned.has(id)) planned.set(id, 'backlog');

  const columns = emptyColumns();
  const byRun: string[] = [];
  for (const [id, column] of planned) {
    const target = columnFor(runTasks.get(id), column);
    if (target === 'backlog' || target === 'runParallel') columns[target].push(id);
    else byRun.push(id);
  }
  const runOrder = new Map((snapshot.run?.tasks ?? []).map((task, index) => [task.id, index]));
  byRun.sort((a, b) => (runOrder.get(a) ?? 0) - (runOrder.get(b) ?? 0));
  for (const id of byRun) columns[columnFor(runTasks.get(id), planned.get(id) ?? 'runParallel')].push(id);
  return columns;
}
