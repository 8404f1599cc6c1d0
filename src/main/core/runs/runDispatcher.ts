import { createDispatcher, type Dispatcher } from '../scheduler/dispatcher';
import type { RunState } from '../storage/runState';
import { dispatchableTasks } from './dispatchableTasks';
import { groupLimitsOf } from './groupLimits';
import type { RunControllerOptions } from './runControllerOptions';

/**
 * The scheduler of one run: its dispatchable tasks (plan-done and already-final ones settled), the run's
 * strategy and max parallel, the per-agent caps (`--max-per-agent` over the user's settings) and the
 * serialized first start of each agent CLI. A plan that reached a run was validated, so a refusal here
 * is a bug, thrown.
 */
export function createRunDispatcher(options: RunControllerOptions, state: RunState, now: () => number): Dispatcher {
  const created = createDispatcher({
    tasks: dispatchableTasks(options.plan, state),
    strategy: state.options.strategy,
    maxParallel: state.options.maxParallel,
    ...groupLimitsOf({
      registry: options.registry,
      defaultAgent: options.defaultAgent,
      ...(options.profileCaps ? { profileCaps: options.profileCaps } : {}),
      ...(state.options.maxPerAgent ? { runCaps: state.options.maxPerAgent } : {}),
    }),
    ...(options.durations ? { durations: options.durations } : {}),
    now,
  });
  if (!created.ok) throw new Error(`the run's tasks cannot be scheduled: ${created.error.message}`);
  return created.value;
}
