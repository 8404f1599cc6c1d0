import { existsSync } from 'node:fs';
import type { MergeOutcome, MergeRequest } from '../merge/mergeQueue';
import { lastAttempt, type RunState, type TaskRecord } from '../storage/runState';
import type { DispatchEvent } from '../scheduler/dispatchEvents';

/** How much of a failed verify's output goes into the task's reason (the log has it all). */
const VERIFY_OUTPUT_CHARS = 2000;

/** The merge queue request for a task's last attempt, with the run's verify and branch options. */
export function mergeRequestFor(state: RunState, record: TaskRecord, title: string): MergeRequest {
  const attempt = lastAttempt(record)!;
  const verify = state.options.verify;
  return {
    taskId: record.id,
    title,
    runId: state.id,
    branch: attempt.branch,
    // A resumed merge may find its worktree gone (removed by hand): the queue then merges without it.
    worktree: existsSync(attempt.worktree) ? attempt.worktree : null,
    verify: verify ? { command: verify } : null,
    keepBranch: state.options.keepBranches,
  };
}

/**
 * Writes what the merge queue decided into the task's record, and returns the event for the dispatcher
 * and the extra fields for the event log. A conflict keeps the branch and worktree for resolution.
 */
export function applyMergeOutcome(
  record: TaskRecord,
  outcome: MergeOutcome,
): { event: DispatchEvent; extra: Record<string, unknown> } {
  const branch = lastAttempt(record)?.branch ?? '(none)';
  switch (outcome.status) {
    case 'merged':
      record.status = 'merged';
      record.mergeCommit = outcome.mergeCommit;
      record.reason = null;
      record.conflicts = [];
      return { event: { type: 'merged', id: record.id }, extra: { mergeCommit: outcome.mergeCommit, restarts: outcome.restarts } };
    case 'conflict':
      record.status = 'conflict';
      record.conflicts = outcome.files.map((file) => file.path);
      record.reason = `merge conflict in ${record.conflicts.join(', ')}; branch ${branch} and its worktree are kept`;
      return { event: { type: 'conflict', id: record.id, reason: record.reason }, extra: { files: outcome.files } };
    case 'failed': {
      const output = outcome.verify?.output ? `\n${outcome.verify.output.slice(-VERIFY_OUTPUT_CHARS)}` : '';
      record.status = 'failed';
      record.reason = `${outcome.error.code === 'VERIFY_FAILED' ? 'verify failed' : 'merge failed'}: ${outcome.error.message}${output}`;
      return { event: { type: 'verifyFailed', id: record.id, reason: record.reason }, extra: {} };
    }
    case 'cancelled':
      record.status = 'cancelled';
      record.reason = outcome.reason;
      return { event: { type: 'verifyFailed', id: record.id, reason: outcome.reason }, extra: {} };
  }
}
