import type { Plan } from '../../../shared/plan/plan';
import { err, ok, type Result } from '../../../shared/result';
import { killProcessTree } from '../processes/killProcessTree';
import { runGit } from '../git/git';
import { resolveCommit } from '../git/repoInfo';
import { ownerStatus } from './ownerLiveness';
import { recoverRun, type KeptWork, type TaskDecision } from './recoverRun';
import type { AttemptRecord, RunOptions, RunState } from '../storage/runState';
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

/** Tasks that were merging when the run stopped: the last attempt's committed work, by task. */
function committedButNotMerged(state: RunState): Map<string, AttemptRecord> {
  const found = new Map<string, AttemptRecord>();
  for (const task of state.tasks) {
    const attempt = task.attempts[task.attempts.length - 1];
    if (task.status === 'merging' && attempt?.commit) found.set(task.id, attempt);
  }
  return found;
}

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
  const committed = committedButNotMerged(before);
  const recovery = await recoverRun({ state: before, repoDir: input.repoDir, ...(ended ? { ownerGoneReason: ended } : {}) });
  if (!recovery.ok) {
    return recovery.error.code === 'RUN_ACTIVE'
      ? err('RUN_ACTIVE', recovery.error.message)
      : err('STATE_FAILED', `Cannot resume run ${before.id}: ${recovery.error.message}`);
  }
  const plan = recovery.value;
  for (const stray of plan.strays.processes) await killProcessTree(stray.pid);
  for (const removal of plan.removeWorktrees) {
    await runGit(['worktree', 'remove', removal.worktree], { cwd: input.repoDir });
  }
  if (plan.pruneWorktrees || plan.removeWorktrees.length > 0) await runGit(['worktree', 'prune'], { cwd: input.repoDir });
  for (const deletion of plan.deleteBranches) {
    await runGit(['update-ref', '-d', `refs/heads/${deletion.branch}`, deletion.tip], { cwd: input.repoDir });
  }
  const state: RunState = { ...input.store.takeOver(plan.state), options: input.options };
  // A task whose agent had finished and whose work was committed only waits for its merge: it goes
  // back into the merge queue with that very commit instead of running its agent again.
  const kept: KeptWork[] = [];
  for (const item of plan.kept) {
    const attempt = committed.get(item.task);
    const task = state.tasks.find((candidate) => candidate.id === item.task);
    const tip = attempt ? await resolveCommit(input.repoDir, `refs/heads/${attempt.branch}`) : null;
    if (attempt && task && task.status === 'pending' && item.attempt === attempt.n && tip === attempt.commit) {
      task.status = 'merging';
      task.reason = null;
    } else {
      kept.push(item);
    }
  }
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
