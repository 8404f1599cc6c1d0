import type { ResourceReading, RunSnapshot, RunTask } from '../../../shared/board/board';
import type { RunState } from '../storage/runState';
import { toTaskReport } from './toTaskReport';
import type { DispatcherSnapshot } from '../scheduler/dispatchEvents';
import { blockerText } from './blockerText';

/** What a live run looks like to the board: every task's report, with why a pending one waits. */
export function controllerSnapshot(input: {
  state: RunState;
  dispatch: DispatcherSnapshot;
  titles: ReadonlyMap<string, string>;
  waveOf: ReadonlyMap<string, number>;
  live: (taskId: string) => boolean;
  finished: boolean;
  cancelRequested: boolean;
  resources: ResourceReading | null;
}): RunSnapshot {
  const { state, dispatch } = input;
  const pending = new Map(dispatch.tasks.map((task) => [task.id, task]));
  const tasks: RunTask[] = state.tasks.map((record) => {
    const report = toTaskReport(record);
    const blocked = record.status === 'pending' ? blockerText(pending.get(record.id)?.blockedBy ?? null) : null;
    return {
      ...report,
      reason: report.reason ?? blocked,
      title: input.titles.get(record.id) ?? record.id,
      wave: input.waveOf.get(record.id) ?? null,
      live: input.live(record.id),
    };
  });
  const runState = input.finished
    ? input.cancelRequested ? 'cancelled' : 'finished'
    : input.cancelRequested ? 'cancelling' : 'running';
  return {
    id: state.id,
    state: runState,
    startedAt: state.startedAt,
    endedAt: state.endedAt,
    maxParallel: state.options.maxParallel,
    holdReason: dispatch.holdReason ?? blockerText(dispatch.holdBlocker),
    resources: input.resources,
    tasks,
  };
}
