import type { TaskReport } from '../../../shared/run/taskStatus';
import { sumUsage } from '../../../shared/run/usage';
import { lastAttempt, type TaskRecord } from '../storage/runState';

/**
 * One task exactly as `wavelane run --json` and `wavelane status --json` print it. The latest attempt speaks
 * for the task (its exit code, branch and log); the times span all attempts.
 */
export function toTaskReport(task: TaskRecord): TaskReport {
  const first = task.attempts[0];
  const last = lastAttempt(task);
  return {
    id: task.id,
    status: task.status,
    attempts: task.attempts.length,
    exitCode: last?.exitCode ?? null,
    branch: last?.branch ?? null,
    mergeCommit: task.mergeCommit,
    changedFiles: [...task.changedFiles],
    outOfBounds: [...task.outOfBounds],
    conflicts: [...task.conflicts],
    startedAt: first?.startedAt ?? null,
    endedAt: last?.endedAt ?? null,
    durationMs: task.durationMs,
    log: last?.log ?? null,
    reason: task.reason,
    usage: sumUsage(task.attempts.map((attempt) => attempt.usage)),
  };
}
