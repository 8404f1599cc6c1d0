import type { PlanTask } from '../../../shared/plan/plan';
import type { TaskGraph } from './taskGraph';

/**
 * Longest remaining paths by estimated duration. A task's remaining path is its own estimate plus the
 * longest remaining path among its dependents: starting the task with the longest one first is what keeps
 * the makespan near its lower bound (classic critical-path list scheduling).
 */

/** A task with neither an estimate nor a measured duration counts as 1 s: chain length still matters. */
export const DEFAULT_ESTIMATE_MS = 1000;

/** Measured durations of earlier runs, in milliseconds, by task id. */
export type Durations = ReadonlyMap<string, number>;

function usable(value: number | undefined): value is number {
  return value !== undefined && Number.isFinite(value) && value >= 0;
}

/** The task's `estimateSec` if given, else its last measured duration, else 1 s (milliseconds). */
export function estimateMs(task: PlanTask, durations?: Durations): number {
  if (usable(task.estimateSec)) return task.estimateSec * 1000;
  const measured = durations?.get(task.id);
  return usable(measured) ? measured : DEFAULT_ESTIMATE_MS;
}

/**
 * Remaining path of every task, by plan index. `counts` says which tasks still lie ahead (default: all but
 * `status: 'done'`); a task that does not count contributes nothing and gets 0.
 */
export function remainingPathMs(
  graph: TaskGraph<PlanTask>,
  durations?: Durations,
  counts: (index: number) => boolean = (index) => graph.task(index).status !== 'done',
): number[] {
  const remaining = new Array<number>(graph.size).fill(0);
  const order = graph.topological();
  for (let i = order.length - 1; i >= 0; i--) {
    const index = order[i] as number;
    if (!counts(index)) continue;
    let longestAfter = 0;
    for (const dependent of graph.dependents(index)) longestAfter = Math.max(longestAfter, remaining[dependent] as number);
    remaining[index] = estimateMs(graph.task(index), durations) + longestAfter;
  }
  return remaining;
}

/**
 * The chain of task ids with the longest total estimate, first task first. Ties go to the earlier task in
 * plan order, so the answer is stable. Empty when no task counts.
 */
export function criticalPath(
  graph: TaskGraph<PlanTask>,
  durations?: Durations,
  counts: (index: number) => boolean = (index) => graph.task(index).status !== 'done',
): string[] {
  const remaining = remainingPathMs(graph, durations, counts);
  const best = (candidates: Iterable<number>): number | undefined => {
    let found: number | undefined;
    for (const index of candidates) {
      if (!counts(index)) continue;
      const length = remaining[index] as number;
      const bestLength = found === undefined ? -1 : (remaining[found] as number);
      if (found === undefined || length > bestLength || (length === bestLength && index < found)) found = index;
    }
    return found;
  };
  const path: string[] = [];
  for (let at = best(range(graph.size)); at !== undefined; at = best(graph.dependents(at))) {
    path.push(graph.task(at).id);
  }
  return path;
}

function* range(count: number): Iterable<number> {
  for (let index = 0; index < count; index++) yield index;
}
