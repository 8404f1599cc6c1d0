import type { RunReport } from '../../../shared/run/taskStatus';
import type { RunState } from '../storage/runState';
import { sumUsage } from '../../../shared/run/usage';
import { toTaskReport } from './toTaskReport';

export interface RunReportExtras {
  /** The scheduler's wave preview for the run's tasks (persistence does not compute waves). */
  waves: string[][];
  /** The target's head to report, e.g. after the last merge; defaults to its head when the run started. */
  targetHead?: string;
  /** A run still going measures its makespan up to now. */
  now?: Date;
}

/** The document `wavelane run --json` prints at the end (and `status --json` for a run). */
export function toRunReport(state: RunState, extras: RunReportExtras): RunReport {
  const tasks = state.tasks.map(toTaskReport);
  const end = state.endedAt ? Date.parse(state.endedAt) : (extras.now ?? new Date()).getTime();
  return {
    run: state.id,
    target: { branch: state.target.branch, head: extras.targetHead ?? state.target.head },
    strategy: state.options.strategy,
    maxParallel: state.options.maxParallel,
    makespanMs: Math.max(0, end - Date.parse(state.startedAt)),
    waves: extras.waves.map((wave) => [...wave]),
    tasks,
    usage: sumUsage(tasks.map((task) => task.usage)),
  };
}
