import type { RunSnapshot } from '../../../shared/board/board';
import { TASK_STATUSES, type TaskStatus } from '../../../shared/run/taskStatus';

/** The order statuses are listed in the status bar: the run's flow, then its trouble. */
export const STATUS_ORDER: readonly TaskStatus[] = TASK_STATUSES;

export interface RunSummary {
  /** Agents working now (running or merging); a task waiting for review has none. */
  running: number;
  max: number;
  counts: { status: TaskStatus; count: number }[];
  elapsedMs: number;
}

/** What the status bar shows of a run at `nowMs`; statuses with no task are left out. */
export function summarizeRun(run: RunSnapshot, nowMs: number): RunSummary {
  const counts = new Map<TaskStatus, number>();
  for (const task of run.tasks) counts.set(task.status, (counts.get(task.status) ?? 0) + 1);
  const started = Date.parse(run.startedAt);
  const ended = run.endedAt ? Date.parse(run.endedAt) : nowMs;
  return {
    running: (counts.get('running') ?? 0) + (counts.get('merging') ?? 0),
    max: run.maxParallel,
    counts: STATUS_ORDER.filter((status) => counts.has(status)).map((status) => ({ status, count: counts.get(status) ?? 0 })),
    elapsedMs: Number.isFinite(started) ? Math.max(0, ended - started) : 0,
  };
}

/** `m:ss`, or `h:mm:ss` past an hour. */
export function formatElapsed(ms: number): string {
  const total = Math.floor(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}
