import type { PlanTask } from '../../../shared/plan/plan';

/** The ids whose task belongs to `objective`; all of them when no filter is set. */
export function filterByObjective(
  ids: readonly string[],
  tasks: Readonly<Record<string, PlanTask>>,
  objective: string | null,
): readonly string[] {
  if (objective === null) return ids;
  return ids.filter((id) => tasks[id]?.objective === objective);
}
