import type { RunTask } from '../../../shared/board/board';

/** Panes shown at once: four stay readable side by side on a laptop screen; the rest are tabs. */
export const GRID_MAX = 4;

/** Tasks with a terminal to show: those that have (or had) an agent, working ones first, else in run order. */
export function terminalCandidates(tasks: readonly RunTask[]): string[] {
  const withTerminal = tasks.filter((task) => task.attempts > 0 || task.status !== 'pending');
  const working = (task: RunTask) => task.live || task.status === 'running' || task.status === 'merging';
  return [...withTerminal.filter(working), ...withTerminal.filter((task) => !working(task))].map((task) => task.id);
}

/**
 * Which panes get the grid: the most recently focused first, then the rest in candidate order, up to
 * `max`. Both lists keep candidate order, so panes do not jump around when one is focused.
 */
export function terminalLayout(
  candidates: readonly string[],
  recency: readonly string[],
  max: number = GRID_MAX,
): { grid: string[]; tabs: string[] } {
  const present = new Set(candidates);
  const chosen = new Set(
    [...recency.filter((id) => present.has(id)), ...candidates].filter((id, i, all) => all.indexOf(id) === i).slice(0, max),
  );
  return {
    grid: candidates.filter((id) => chosen.has(id)),
    tabs: candidates.filter((id) => !chosen.has(id)),
  };
}
