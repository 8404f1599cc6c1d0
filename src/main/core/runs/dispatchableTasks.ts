import type { Plan, PlanTask } from '../../../shared/plan/plan';
import { isFinal } from '../../../shared/run/taskStatus';
import { findTaskRecord, type RunState } from '../storage/runState';

/** Why a task the plan marks done counts as merged without running. */
export const DONE_IN_PLAN = 'done before this run (the plan marks it done)';

/**
 * The tasks a (possibly resumed) run hands the dispatcher: those not final yet, with merged and empty
 * ones as `done` so their dependents may go. A pending task the plan marks `done` (work finished
 * elsewhere, such as an imported completed subtask) is never run: its record counts as merged. A pending
 * task whose dependency ended badly in an earlier life of the run cannot run: its record is marked
 * skipped here, naming the dependency.
 */
export function dispatchableTasks(plan: Plan, state: RunState): PlanTask[] {
  const out: PlanTask[] = [];
  for (const task of plan.tasks) {
    const record = findTaskRecord(state, task.id);
    if (!record) continue;
    if (task.status === 'done' && record.status === 'pending') {
      record.status = 'merged';
      record.reason = DONE_IN_PLAN;
    }
    if (record.status === 'merged' || record.status === 'empty') out.push({ ...task, status: 'done' });
    else if (!isFinal(record.status)) out.push({ ...task, status: 'todo' });
  }
  const present = new Set(out.map((task) => task.id));
  let changed = true;
  while (changed) {
    changed = false;
    for (const task of out) {
      if (task.status === 'done' || !present.has(task.id)) continue;
      const missing = (task.dependsOn ?? []).find((dep) => !present.has(dep));
      if (missing) {
        present.delete(task.id);
        const record = findTaskRecord(state, task.id)!;
        record.status = 'skipped';
        record.reason = `skipped: ${missing} did not land`;
        changed = true;
      }
    }
  }
  return out.filter((task) => present.has(task.id));
}
