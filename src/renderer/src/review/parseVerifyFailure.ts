import type { RunTask } from '../../../shared/board/board';

export interface VerifyFailure {
  /** The first line: `verify failed: <command> exited with 1`. */
  summary: string;
  /** The command's output (the tail the core kept), '' when there was none. */
  output: string;
}

/** The prefix the core gives the reason of a task whose verify failed on the merged result. */
export const VERIFY_FAILED_PREFIX = 'verify failed';

/** A failed task's verify failure, split into its summary and the command's output; null for any other task. */
export function parseVerifyFailure(task: Pick<RunTask, 'status' | 'reason'> | undefined): VerifyFailure | null {
  if (!task || task.status !== 'failed' || !task.reason?.startsWith(VERIFY_FAILED_PREFIX)) return null;
  const newline = task.reason.indexOf('\n');
  if (newline < 0) return { summary: task.reason, output: '' };
  return { summary: task.reason.slice(0, newline), output: task.reason.slice(newline + 1).replace(/\s+$/, '') };
}
