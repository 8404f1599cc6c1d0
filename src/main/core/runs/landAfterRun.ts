import type { TaskStatus } from '../../../shared/run/taskStatus';
import { err, ok, type Result } from '../../../shared/result';
import { readRepoInfo } from '../git/repoInfo';
import { acquire } from '../locks/fileLock';
import { MergeQueue } from '../merge/mergeQueue';
import { findTaskRecord, type RunState } from '../storage/runState';
import { RunStore } from '../storage/runStore';
import { applyMergeOutcome, mergeRequestFor } from './mergeRequest';

/** The run's lock only marks a live owner; a run that just ended in this process lets go of it within moments. */
const RUN_LOCK_STALE_MS = 30_000;
const RUN_LOCK_WAIT_MS = 5_000;

/**
 * Lands one task of a finished run (its conflict resolved, or its verify to be retried) through the
 * repository's merge queue, and records the outcome in that run's state and event log, as the run
 * itself would have. Refused while another process owns the run.
 */
export async function landAfterRun(input: {
  repoDir: string;
  runId: string;
  taskId: string;
  title: string;
}): Promise<Result<{ state: RunState; status: TaskStatus }, 'NOT_FOUND' | 'BUSY' | 'GIT_FAILED'>> {
  const repo = await readRepoInfo(input.repoDir);
  if (!repo.ok) return err('GIT_FAILED', repo.error.message);
  const opened = await RunStore.open(input.repoDir);
  if (!opened.ok) return err('GIT_FAILED', opened.error.message);
  const store = opened.value;
  const lock = await acquire({ path: `${store.paths.runDir(input.runId)}/run.lock`, timeoutMs: RUN_LOCK_WAIT_MS, staleMs: RUN_LOCK_STALE_MS });
  if (!lock.ok) {
    await store.close();
    return err('BUSY', `Run ${input.runId} is in use by another Wavelane process`);
  }
  try {
    const loaded = await store.loadRunState(input.runId);
    if (!loaded.ok) return err('NOT_FOUND', loaded.error.message);
    const state = loaded.value;
    const record = findTaskRecord(state, input.taskId);
    if (!record || record.attempts.length === 0) return err('NOT_FOUND', `Task ${input.taskId} has no attempt in run ${input.runId}`);
    const queue = new MergeQueue({ repo: repo.value.topLevel, commonDir: repo.value.commonDir, target: state.target.branch });
    try {
      const outcome = await queue.enqueue(mergeRequestFor(state, record, input.title));
      const { extra } = applyMergeOutcome(record, outcome);
      const saved = await store.saveRunState(state);
      if (!saved.ok) return err('GIT_FAILED', saved.error.message);
      const log = await store.eventLog(state.id);
      if (log.ok) log.value.append({ type: `task.${record.status}`, task: record.id, attempt: record.attempts.length, reason: record.reason, ...extra });
      return ok({ state, status: record.status });
    } finally {
      queue.dispose();
    }
  } finally {
    await lock.value.release();
    await store.close();
  }
}
