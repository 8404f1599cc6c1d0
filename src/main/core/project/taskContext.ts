import type { PlanTask } from '../../../shared/plan/plan';
import type { RunController } from '../runs/runController';
import { lastAttempt, type RunState, type TaskRecord } from '../storage/runState';
import { RunStore } from '../storage/runStore';

/** Where a finished task's work is: what resolving, retrying or reviewing it needs. */
export interface TaskContext {
  runId: string;
  target: string;
  branch: string;
  worktree: string;
  attempt: number;
  record: TaskRecord;
  task: PlanTask;
  /** The controller that still drives the task's run, or null when that run is over. */
  controller: RunController | null;
  paths: RunStore['paths'];
}

/**
 * Finds a task of the run this process drives, or else of the repository's current run on disk, with its
 * last attempt's branch and worktree.
 */
export async function findTaskContext(
  repo: string,
  taskId: string,
  controller: RunController | null,
  planTask: (id: string) => PlanTask | undefined,
): Promise<TaskContext | null> {
  const opened = await RunStore.open(repo);
  if (!opened.ok) return null;
  const store = opened.value;
  try {
    let state: RunState | null = null;
    let record: TaskRecord | undefined;
    let task: PlanTask | undefined;
    const live = controller?.taskContext(taskId) ?? null;
    if (live) {
      ({ state, record, task } = live);
    } else {
      const current = await store.currentRun();
      state = current.ok ? current.value : null;
      record = state?.tasks.find((candidate) => candidate.id === taskId);
      const plan = state ? await store.loadRunPlan(state.id) : null;
      task = (plan?.ok ? plan.value.tasks.find((candidate) => candidate.id === taskId) : undefined) ?? planTask(taskId);
    }
    const attempt = record ? lastAttempt(record) : undefined;
    if (!state || !record || !task || !attempt) return null;
    return {
      runId: state.id,
      target: state.target.branch,
      branch: attempt.branch,
      worktree: attempt.worktree,
      attempt: attempt.n,
      record,
      task,
      controller: live ? controller : null,
      paths: store.paths,
    };
  } finally {
    await store.close();
  }
}
