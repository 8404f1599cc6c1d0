import type { BoardSnapshot, RunSnapshot, RunTask, WavePreview } from '../../../shared/board/board';
import type { PlanTask } from '../../../shared/plan/plan';
import type { TaskStatus } from '../../../shared/run/taskStatus';

/** Builders of contract values for renderer tests: every field the contract requires, overridable. */

export function planTask(id: string, extra: Partial<PlanTask> = {}): PlanTask {
  return { id, title: `Task ${id}`, prompt: `do ${id}`, ...extra };
}

export function runTask(id: string, status: TaskStatus, extra: Partial<RunTask> = {}): RunTask {
  return {
    id,
    title: `Task ${id}`,
    status,
    attempts: status === 'pending' ? 0 : 1,
    exitCode: null,
    branch: null,
    mergeCommit: null,
    changedFiles: [],
    outOfBounds: [],
    conflicts: [],
    startedAt: null,
    endedAt: null,
    durationMs: null,
    log: null,
    reason: null,
    usage: null,
    wave: 1,
    live: status === 'running',
    ...extra,
  };
}

export function runSnapshot(tasks: RunTask[], extra: Partial<RunSnapshot> = {}): RunSnapshot {
  return {
    id: 'run-1',
    state: 'running',
    startedAt: '2025-01-01T10:00:00.000Z',
    endedAt: null,
    maxParallel: 4,
    holdReason: null,
    resources: null,
    tasks,
    ...extra,
  };
}

export interface SnapshotSpec {
  tasks?: PlanTask[];
  backlog?: string[];
  runParallel?: string[];
  preview?: Partial<WavePreview>;
  run?: RunSnapshot | null;
  problems?: BoardSnapshot['problems'];
  /** Defaults to one more than the last fixture's, like the core's counter. */
  version?: number;
}

let fixtureVersion = 0;

/** A board snapshot; tasks default to one per id named in the columns. */
export function boardSnapshot(spec: SnapshotSpec = {}): BoardSnapshot {
  const backlog = spec.backlog ?? [];
  const runParallel = spec.runParallel ?? [];
  const tasks = spec.tasks ?? [...backlog, ...runParallel].map((id) => planTask(id));
  return {
    version: spec.version ?? ++fixtureVersion,
    repo: '/tmp/repo',
    board: {
      plan: { version: 1, tasks },
      columns: { backlog, runParallel },
      settings: { maxParallel: 4, resourceGuard: true, strategy: 'eager', reviewBeforeMerge: false },
    },
    preview: { waves: [], reasons: {}, criticalPath: [], ...spec.preview },
    problems: spec.problems ?? [],
    agents: [{ id: 'claude', command: 'claude', builtin: true, available: true }],
    run: spec.run ?? null,
  };
}
