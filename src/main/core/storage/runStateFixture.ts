import os from 'node:os';
import type { Plan } from '../../../shared/plan/plan';
import { newTaskRecord, RUN_STATE_VERSION, type AttemptRecord, type RunState, type TaskRecord } from './runState';

/** For tests: a valid run state with sensible defaults, owned by this process unless told otherwise. */
export function runStateFixture(overrides: Partial<RunState> & { tasks?: TaskRecord[] } = {}): RunState {
  const now = new Date().toISOString();
  return {
    version: RUN_STATE_VERSION,
    id: '20260101-120000-ab12',
    repo: '/repo',
    target: { branch: 'main', head: 'a'.repeat(40) },
    options: {
      strategy: 'eager',
      maxParallel: 3,
      verify: null,
      strictFiles: false,
      keepBranches: false,
      worktreeRoot: '/worktrees',
      resourceGuard: true,
    },
    state: 'running',
    startedAt: now,
    endedAt: null,
    owner: { pid: process.pid, hostname: os.hostname(), startedAt: now, heartbeatAt: now },
    tasks: [newTaskRecord('t1')],
    ...overrides,
  };
}

export function taskFixture(id: string, fields: Partial<TaskRecord> = {}): TaskRecord {
  return { ...newTaskRecord(id), ...fields };
}

export function attemptFixture(n: number, fields: Partial<AttemptRecord> & { branch: string; worktree: string }): AttemptRecord {
  return {
    n,
    startedAt: new Date().toISOString(),
    endedAt: null,
    exitCode: null,
    log: null,
    commit: null,
    ...fields,
  };
}

export function planFixture(ids: string[]): Plan {
  return { version: 1, tasks: ids.map((id) => ({ id, title: `Task ${id}`, prompt: `do ${id}` })) };
}
