import type { RunReport } from '../../../shared/run/taskStatus';
import { err, ok, type Result } from '../../../shared/result';
import { ownerStatus } from './ownerLiveness';
import { RunStore } from '../storage/runStore';
import { toRunReport } from './toRunReport';
import { computeWaves } from '../scheduler/waves';

export interface RunStatus extends RunReport {
  /** `running` only while its owner lives; a run whose owner died mid-way is `interrupted`. */
  state: 'running' | 'finished' | 'cancelled' | 'interrupted';
  startedAt: string;
  endedAt: string | null;
}

/** The current (or last) run of a repository, per task, as `wavelane status` shows it. Reads only. */
export async function readRunStatus(repoDir: string): Promise<Result<RunStatus | null, 'NOT_A_REPO' | 'STATE_UNREADABLE'>> {
  const opened = await RunStore.open(repoDir);
  if (!opened.ok) return opened;
  const store = opened.value;
  try {
    const current = await store.currentRun();
    if (!current.ok) return err('STATE_UNREADABLE', current.error.message, current.error.where ? { where: current.error.where } : {});
    const state = current.value;
    if (!state) return ok(null);
    const plan = await store.loadRunPlan(state.id);
    const waves = plan.ok ? computeWaves(plan.value.tasks) : null;
    const report = toRunReport(state, { waves: waves?.ok ? waves.value.waves : [] });
    const live = state.state === 'running' && ownerStatus(state.owner).alive;
    return ok({
      ...report,
      state: state.state === 'running' && !live ? 'interrupted' : state.state,
      startedAt: state.startedAt,
      endedAt: state.endedAt,
    });
  } finally {
    await store.close();
  }
}
