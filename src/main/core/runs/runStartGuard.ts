import path from 'node:path';
import type { Plan } from '../../../shared/plan/plan';
import { err, ok, type Result } from '../../../shared/result';
import { acquire, type LockHandle } from '../locks/fileLock';
import type { RunState } from '../storage/runState';
import type { RunStore } from '../storage/runStore';
import { OWNER_STALE_MS, ownerStatus } from './ownerLiveness';

/**
 * Starting a run (checking the live runs, then resuming or creating one and saving it under our pid) takes
 * seconds at most; a second start waits this long for the first to finish starting before giving up.
 */
const START_LOCK_WAIT_MS = 60_000;
/**
 * A live starter is never taken for dead before this (the staleness a run's owner gets), so a loaded
 * machine that delays heartbeats does not let two starts interleave. A starter killed with -9 on this
 * host is taken over at once, since its pid is gone; only a reused pid or another host waits this long.
 */
const START_LOCK_STALE_MS = OWNER_STALE_MS;
/** How many task ids name a plan in a refusal: enough to recognise it, short enough for one line. */
const TASK_IDS_SHOWN = 3;

/** The repository's run-start lock (the state folder is per repository, shared by its worktrees). */
export function runStartLockPath(store: RunStore): string {
  return path.join(store.paths.root, 'locks', 'run-start.lock');
}

/**
 * The one gate every run start goes through (the CLI, the browser host, the app), across processes. Under
 * the repository's start lock, a start is refused when a live run (its owner still running) has any task in
 * common with the new plan: task branches and worktrees are named by task id, so two such runs would run
 * each shared task twice and merge it twice. Runs with no task in common (two different plans) may go on
 * side by side; their merges are serialized by the merge queue's lock.
 *
 * On success the caller holds the start lock until its run is created or resumed and saved under its own
 * pid (so the next start sees it live), then releases it.
 */
export async function guardRunStart(store: RunStore, plan: Plan): Promise<Result<LockHandle, 'RUN_ACTIVE'>> {
  const lockPath = runStartLockPath(store);
  const taken = await acquire({ path: lockPath, timeoutMs: START_LOCK_WAIT_MS, staleMs: START_LOCK_STALE_MS });
  if (!taken.ok) return err('RUN_ACTIVE', `Another run is being started in this repository: ${taken.error.message}`, { where: lockPath });
  const live = await liveRunSharingTasks(store, plan);
  if (live) {
    await taken.value.release();
    return err('RUN_ACTIVE', describeLiveRun(live.run, live.shared));
  }
  return ok(taken.value);
}

async function liveRunSharingTasks(store: RunStore, plan: Plan): Promise<{ run: RunState; shared: string[] } | null> {
  const wanted = new Set(plan.tasks.filter((task) => task.status !== 'done').map((task) => task.id));
  const listed = await store.listRuns();
  if (!listed.ok) return null;
  for (const run of [...listed.value.runs].reverse()) {
    if (run.state !== 'running' || !ownerStatus(run.owner).alive) continue;
    const shared = run.tasks.map((task) => task.id).filter((id) => wanted.has(id));
    if (shared.length > 0) return { run, shared };
  }
  return null;
}

function describeLiveRun(run: RunState, shared: string[]): string {
  const ids = run.tasks.map((task) => task.id);
  const shown = (list: string[]) => list.slice(0, TASK_IDS_SHOWN).join(', ') + (list.length > TASK_IDS_SHOWN ? ', ...' : '');
  return (
    `Run ${run.id} is already running on ${run.target.branch} in process ${run.owner.pid} on ${run.owner.hostname} ` +
    `(plan of ${ids.length} tasks: ${shown(ids)}; started ${run.startedAt}), and it owns ${shown(shared)}; ` +
    'wait for it to end or stop it first (Ctrl+C in its terminal, or Cancel on the board)'
  );
}
