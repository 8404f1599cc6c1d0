import type { Blocker, DispatchTask } from './dispatchEvents';

/** The holds that apply to the whole run or an agent group, most telling first. */
const RUN_HOLDS: readonly Blocker['kind'][] = ['budget', 'rateLimit', 'groupCap', 'firstStart', 'resources'];

/**
 * What stops a ready task from starting for reasons of the whole run or a group (not its own dependencies
 * or locks): the status bar and progress line show it as the run's hold.
 */
export function runHoldOf(tasks: readonly DispatchTask[]): Blocker | null {
  for (const kind of RUN_HOLDS) {
    const found = tasks.find((task) => task.blockedBy?.kind === kind);
    if (found?.blockedBy) return found.blockedBy;
  }
  return null;
}
