import type { UsageSummary } from './usage';

/**
 * Where a task stands in a run. `pending` waits on dependencies, locks or a slot; `running` has an
 * agent; `review` has committed work waiting for the user's approval (Review before merge, in the app);
 * `merging` is in the merge queue (or waits there, with a reason); the rest are final.
 */
export type TaskStatus =
  | 'pending'
  | 'running'
  | 'review'
  | 'merging'
  | 'merged'
  | 'empty'
  | 'failed'
  | 'conflict'
  | 'skipped'
  | 'cancelled';

/** Every status, in the run's flow and then its trouble (the order the status bar lists them in). */
export const TASK_STATUSES = [
  'pending',
  'running',
  'review',
  'merging',
  'merged',
  'empty',
  'failed',
  'conflict',
  'skipped',
  'cancelled',
] as const satisfies readonly TaskStatus[];

export const FINAL_STATUSES: readonly TaskStatus[] = ['merged', 'empty', 'failed', 'conflict', 'skipped', 'cancelled'];

export function isFinal(status: TaskStatus): boolean {
  return FINAL_STATUSES.includes(status);
}

/** Final statuses that count as success (exit code 0 of `wavelane run`). */
export function isSuccess(status: TaskStatus): boolean {
  return status === 'merged' || status === 'empty';
}

/** One task of a run, exactly as `wavelane run --json` and `wavelane status --json` print it. */
export interface TaskReport {
  id: string;
  status: TaskStatus;
  attempts: number;
  exitCode: number | null;
  branch: string | null;
  mergeCommit: string | null;
  changedFiles: string[];
  outOfBounds: string[];
  conflicts: string[];
  startedAt: string | null;
  endedAt: string | null;
  durationMs: number | null;
  log: string | null;
  /** Why the task is where it is (failed, skipped, waiting), or null. */
  reason: string | null;
  /**
   * Tokens and cost of all its attempts, as the agents' CLIs reported them; null when no attempt ran
   * through an adapter (a `shell` task, a plan's own profile). `costUsd` null: some tokens came unpriced.
   */
  usage: UsageSummary | null;
}

export type Strategy = 'eager' | 'waves';

/** The document `wavelane run --json` prints at the end. */
export interface RunReport {
  run: string;
  target: { branch: string; head: string };
  strategy: Strategy;
  maxParallel: number;
  makespanMs: number;
  waves: string[][];
  tasks: TaskReport[];
  /** The sum of the tasks' usage; null when no task reported any. */
  usage: UsageSummary | null;
}
