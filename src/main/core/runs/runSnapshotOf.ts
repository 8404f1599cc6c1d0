import type { RunSnapshot } from '../../../shared/board/board';
import { ownerStatus } from './ownerLiveness';
import type { RunState } from '../storage/runState';
import { toTaskReport } from './toTaskReport';

/**
 * A stored run as the board shows it when no controller of this process drives it (after a restart).
 * A run whose owner died mid-way shows as cancelled, its unfinished tasks as interrupted: Start run on
 * the same lane resumes it.
 */
export function runSnapshotOf(state: RunState, titles: ReadonlyMap<string, string>, waves: readonly string[][]): RunSnapshot {
  const waveOf = new Map<string, number>();
  waves.forEach((wave, index) => wave.forEach((id) => waveOf.set(id, index + 1)));
  const interrupted = state.state === 'running' && !ownerStatus(state.owner).alive;
  return {
    id: state.id,
    state: state.state === 'finished' ? 'finished' : state.state === 'running' && !interrupted ? 'running' : 'cancelled',
    startedAt: state.startedAt,
    endedAt: state.endedAt,
    maxParallel: state.options.maxParallel,
    holdReason: null,
    resources: null,
    tasks: state.tasks.map((record) => {
      const report = toTaskReport(record);
      const stopped = interrupted && (record.status === 'running' || record.status === 'merging' || record.status === 'pending');
      return {
        ...report,
        status: stopped ? 'cancelled' : report.status,
        reason: stopped ? 'interrupted when Wavelane stopped; Start run resumes it' : report.reason,
        title: titles.get(record.id) ?? record.id,
        wave: waveOf.get(record.id) ?? null,
        live: false,
      };
    }),
  };
}
