import type { RunStore } from '../storage/runStore';

/** How many earlier runs to look at for measured durations: recent ones reflect the agents used now. */
const RUNS_CONSIDERED = 10;

/**
 * The last measured duration of each task (ms), from earlier runs of this repository: the dispatcher's
 * critical-path estimate for tasks without `estimateSec`. Unreadable runs are passed over.
 */
export async function collectDurations(store: RunStore): Promise<Map<string, number>> {
  const durations = new Map<string, number>();
  const listed = await store.listRuns();
  if (!listed.ok) return durations;
  for (const run of listed.value.runs.slice(-RUNS_CONSIDERED)) {
    for (const task of run.tasks) {
      if ((task.status === 'merged' || task.status === 'empty') && task.durationMs !== null) durations.set(task.id, task.durationMs);
    }
  }
  return durations;
}
