import type { Plan } from '../../../shared/plan/plan';
import { err, ok, type Result } from '../../../shared/result';
import { killProcessTree } from '../processes/killProcessTree';
import { runGit } from '../git/git';
import { ownerStatus } from './ownerLiveness';
import { recoverRun, type KeptWork, type TaskDecision } from './recoverRun';
import { removeHalfCreatedWorktree } from './removeHalfCreated';
import type { RunOptions, RunState } from '../storage/runState';
import type { RunStore } from '../storage/runStore';
import { serializePlan } from '../plan/serializePlan';

export interface ResumeReport {
  runId: string;
  /** Why the earlier owner counts as gone. */
  ownerReason: string;
  decisions: TaskDecision[];
  /** Work that stays where it is (uncommitted or unmerged), never deleted. */
  kept: KeptWork[];
}

/** Tasks that did not land; a rerun of the same plan gives them another go. */
const REDO = new Set(['failed', 'conflict', 'cancelled', 'skipped']);

/**
 * The latest run of the same plan on the same target whose owner is gone, if any: running the same
 * `wavelane run` again picks it up, so merged tasks are never run (or merged) twice.
 */
export async function findResumableRun(store: RunStore, plan: Plan, branch: string): Promise<RunState | null> {
  const listed = await store.listRuns();
  if (!listed.ok) return null;
  const wanted = serializePlan(plan);
  for (const run of [...listed.value.runs].reverse()) {
    if (run.target.branch !== branch) continue;
    if (run.state === 'running' && ownerStatus(run.owner).alive) continue;
    const stored = await store.loadRunPlan(run.id);
    if (stored.ok && serializePlan(stored.value) === wanted) return run;
  }
  return null;
}

/**
 * Takes over an earlier run: tasks that did not land go back to pending, git decides which merges
 * landed (recoverRun), leftover agents are stopped, worktrees that hold nothing are removed, and
 * anything holding work is kept and reported. The state is saved under this process's ownership.
 */
export async function resumeRun(input: {
  store: RunStore;
  state: RunState;
  repoDir: string;
  options: RunOptions;
}): Promise<Result<{ state: RunState; report: ResumeReport }, 'RUN_ACTIVE' | 'STATE_FAILED'>> {
  const before = structuredClone(input.state);
  const ended = before.state === 'finished' || before.state === 'cancelled' ? `it ended as ${before.state}` : undefined;
  for (const task of before.tasks) {
    if (REDO.has(task.status)) {
      task.status = 'pending';
      task.reason = null;
      task.conflicts = [];
    }
  }
  before.state = 'running';
  before.endedAt = null;
  const redone = new Set(input.state.tasks.filter((task) => REDO.has(task.status)).map((task) => task.id));
  const recovery = await recoverRun({
    state: before,
    repoDir: input.repoDir,
    redone,
    othersLive: await otherRunsLive(input.store, before.id),
    ...(ended ? { ownerGoneReason: ended } : {}),
  });
  if (!recovery.ok) {
    return recovery.error.code === 'RUN_ACTIVE'
      ? err('RUN_ACTIVE', recovery.error.message)
      : err('STATE_FAILED', `Cannot resume run ${before.id}: ${recovery.error.message}`);
  }
  const plan = recovery.value;
  for (const stray of plan.strays.processes) await killProcessTree(stray.pid);
  for (const removal of plan.removeWorktrees) {
    if (removal.halfCreated) await removeHalfCreatedWorktree(input.repoDir, removal.worktree);
    else await runGit(['worktree', 'remove', removal.worktree], { cwd: input.repoDir });
  }
  if (plan.pruneWorktrees || plan.removeWorktrees.length > 0) await runGit(['worktree', 'prune'], { cwd: input.repoDir });
  for (const deletion of plan.deleteBranches) {
    await runGit(['update-ref', '-d', `refs/heads/${deletion.branch}`, deletion.tip], { cwd: input.repoDir });
  }
  const state: RunState = { ...input.store.takeOver(plan.state), options: input.options };
  const kept: KeptWork[] = plan.kept;
  const saved = await input.store.saveRunState(state);
  if (!saved.ok) return err('STATE_FAILED', saved.error.message);
  await input.store.markCurrent(state.id);
  const log = await input.store.eventLog(state.id);
  if (log.ok) {
    for (const event of plan.events) log.value.append(event);
    log.value.append({ type: 'run.resumed', pid: process.pid, previousOwner: plan.ownerReason });
  }
  return ok({
    state,
    report: { runId: state.id, ownerReason: plan.ownerReason, decisions: plan.decisions, kept },
  });
}

/** Whether another run of the repository has a live owner (its newest worktree may not be recorded yet). */
async function otherRunsLive(store: RunStore, runId: string): Promise<boolean> {
  const listed = await store.listRuns();
  if (!listed.ok) return true;
  return listed.value.runs.some((run) => run.id !== runId && run.state === 'running' && ownerStatus(run.owner).alive);
}
