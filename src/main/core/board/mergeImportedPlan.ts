import type { BoardState } from '../../../shared/board/board';
import type { Plan } from '../../../shared/plan/plan';

/**
 * Brings an imported plan into the board without losing anything already there: objectives, ADRs,
 * tasks and agent profiles with new ids are added (new tasks at the end of Backlog), ones with known ids
 * are replaced by the imported version, and plan-wide settings the file sets (agent, setup, copyFiles,
 * verify) replace the board's.
 */
export function mergeImportedPlan(board: BoardState, imported: Plan): { board: BoardState; added: number; updated: number } {
  const plan: Plan = structuredClone(board.plan);
  let added = 0;
  let updated = 0;
  const upsert = <T extends { id: string }>(into: T[], items: readonly T[] | undefined, counts: boolean) => {
    for (const item of items ?? []) {
      const index = into.findIndex((existing) => existing.id === item.id);
      if (index >= 0) {
        into[index] = structuredClone(item);
        if (counts) updated++;
      } else {
        into.push(structuredClone(item));
        if (counts) added++;
      }
    }
  };
  plan.objectives = plan.objectives ?? [];
  plan.adrs = plan.adrs ?? [];
  plan.agents = plan.agents ?? [];
  upsert(plan.objectives, imported.objectives, false);
  upsert(plan.adrs, imported.adrs, false);
  upsert(plan.agents, imported.agents, false);
  const before = new Set(plan.tasks.map((task) => task.id));
  upsert(plan.tasks, imported.tasks, true);
  for (const key of ['agent', 'setup', 'verify'] as const) if (imported[key] !== undefined) plan[key] = imported[key];
  if (imported.copyFiles !== undefined) plan.copyFiles = [...imported.copyFiles];
  const columns = structuredClone(board.columns);
  for (const task of imported.tasks) if (!before.has(task.id)) columns.backlog.push(task.id);
  return { board: { ...board, plan, columns }, added, updated };
}
