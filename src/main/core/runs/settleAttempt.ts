import type { PlanTask } from '../../../shared/plan/plan';
import type { TaskRecord } from '../storage/runState';
import type { AttemptResult } from './attemptRunner';

/** What settling a task's last attempt needs from its run. */
export interface SettlePorts {
  needsReview(task: PlanTask): boolean;
  /** Persists and announces the record's new status. */
  transition(record: TaskRecord): Promise<void>;
  /** Gives the task's agent slot back to the scheduler (its locks stay held). */
  freeSlot(): void;
  /** Opens the task's review gate: before the task shows in Review, so a decision sent at once is kept. */
  openReview(task: PlanTask): void;
  review(task: PlanTask, record: TaskRecord): Promise<void>;
  merge(task: PlanTask, record: TaskRecord): Promise<void>;
  /** Empty lets dependents go, like a merge. */
  endedEmpty(): void;
  /** The task ended without work to land: failed or cancelled, with its reason. */
  endedFailed(status: 'failed' | 'cancelled', reason: string): Promise<void>;
}

/**
 * Where a task goes once its attempts are over: committed work waits in Review (when asked for) or goes
 * to the merge queue, an empty attempt counts as done, anything else ends the task with its reason.
 */
export async function settleAttempt(task: PlanTask, record: TaskRecord, result: AttemptResult, ports: SettlePorts): Promise<void> {
  record.changedFiles = 'changedFiles' in result ? result.changedFiles : [];
  record.outOfBounds = 'outOfBounds' in result ? result.outOfBounds : [];
  if (result.kind === 'committed') {
    const review = ports.needsReview(task);
    if (review) ports.openReview(task);
    record.status = review ? 'review' : 'merging';
    if (review) record.reason = 'waiting for your review';
    await ports.transition(record);
    // For the scheduler the task is done with its slot and waits to merge (or for review), holding its locks.
    ports.freeSlot();
    await (review ? ports.review(task, record) : ports.merge(task, record));
  } else if (result.kind === 'empty') {
    record.status = 'empty';
    record.reason = 'the agent changed nothing';
    await ports.transition(record);
    ports.endedEmpty();
  } else {
    await ports.endedFailed(result.kind, result.reason);
  }
}
