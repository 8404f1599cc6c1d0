import path from 'node:path';
import { ok, type Result } from '../../../shared/result';
import { TASK_BRANCH_PREFIX } from '../git/branchNames';
import { commitsNotOn, resolveCommit, uncommittedChanges, type GitQueryError } from '../git/gitQueries';
import { canonicalPath, type WorktreeEntry } from '../git/worktreeList';
import type { AttemptRecord, RunState, TaskRecord } from '../storage/runState';
import { isHalfCreated, isStampedBy, taskOfName, type TaskBranch } from './taskBranches';


/**
 * What a run killed at the wrong moment left that its state does not say (see recoverRun.ts, which acts on
 * it): an attempt whose agent's work was committed just before the kill (the state still says running, or
 * never recorded the attempt at all), and worktrees and branches of attempts that never got going.
 */

/** The interrupted task's last attempt, committed by us and waiting only for its merge. */
export interface CommittedAttempt {
  n: number;
  branch: string;
  worktree: string;
  tip: string;
  /** The state's record of it, or null when the state never recorded the attempt. */
  recorded: AttemptRecord | null;
}

/**
 * The task's latest attempt (recorded, or a task branch of ours newer than any recorded one) when its tip
 * is the commit the state recorded for it, or our commit for this task and run, not on the target, in a registered worktree with nothing
 * uncommitted: that is finished work, which goes to the merge queue as it is instead of running again.
 */
export async function findCommittedAttempt(
  repoDir: string,
  state: RunState,
  task: TaskRecord,
  branches: readonly TaskBranch[],
  worktrees: readonly WorktreeEntry[],
  targetRef: string,
): Promise<Result<CommittedAttempt | null, GitQueryError>> {
  // With --strict-files an attempt is checked against its files after the commit: one the state never saw
  // past that check (not yet `merging`) runs again rather than land unchecked.
  if (state.options.strictFiles && task.status !== 'merging') return ok(null);
  const last = task.attempts.at(-1) ?? null;
  const recordedBranches = new Set(task.attempts.map((attempt) => attempt.branch));
  const newer = branches
    .filter((branch) => branch.task === task.id && branch.attempt > (last?.n ?? 0) && !recordedBranches.has(branch.branch))
    .sort((a, b) => b.attempt - a.attempt)[0];
  const candidate = newer ? { n: newer.attempt, branch: newer.branch, recorded: null } : last ? { n: last.n, branch: last.branch, recorded: last } : null;
  if (!candidate) return ok(null);
  const tip = await resolveCommit(repoDir, `refs/heads/${candidate.branch}`);
  if (!tip.ok || tip.value === null) return tip.ok ? ok(null) : tip;
  // The state knew the commit (an agent may commit its work itself, without our trailers), or our trailers say it.
  const known = candidate.recorded?.commit === tip.value;
  if (!known && !(await isStampedBy(repoDir, tip.value, task.id, state.id))) return ok(null);
  const unmerged = await commitsNotOn(repoDir, tip.value, targetRef);
  if (!unmerged.ok) return unmerged;
  if (unmerged.value === 0) return ok(null);
  const entry = worktrees.find((candidateEntry) => candidateEntry.branch === candidate.branch);
  if (!entry || entry.prunable || entry.locked) return ok(null);
  const changes = await uncommittedChanges(entry.path);
  if (!changes.ok || changes.value.length > 0) return ok(null);
  return ok({ ...candidate, worktree: entry.path, tip: tip.value });
}

/** Records the committed attempt in the task (adding it when the state never had it) and sends it to merge. */
export function reuseCommittedAttempt(task: TaskRecord, found: CommittedAttempt, lastSignOfLife: string): void {
  if (found.recorded) {
    found.recorded.commit = found.tip;
    found.recorded.exitCode ??= 0;
    found.recorded.endedAt ??= found.recorded.startedAt > lastSignOfLife ? found.recorded.startedAt : lastSignOfLife;
  } else {
    task.attempts.push({
      n: found.n,
      branch: found.branch,
      worktree: found.worktree,
      startedAt: lastSignOfLife,
      endedAt: lastSignOfLife,
      exitCode: 0,
      log: null,
      commit: found.tip,
    });
  }
  task.status = 'merging';
  task.reason = null;
  task.conflicts = [];
}

export interface UnrecordedLeftovers {
  /** Worktrees to remove: `halfCreated` ones need their lock overridden (see removeHalfCreatedWorktree). */
  worktrees: Array<{ task: string; attempt: number; worktree: string; halfCreated: boolean; reason: string }>;
  branches: Array<{ task: string; attempt: number; branch: string; tip: string; reason: string }>;
  kept: Array<{ task: string; attempt: number; worktree: string | null; branch: string | null; reason: string }>;
  prune: boolean;
}

/**
 * Worktrees (in the run's worktree root, named as ours for one of its tasks) and task branches that no
 * attempt of the state records. A half-created worktree goes whatever its checkout looks like (git never
 * finished it: no agent ever ran there); a complete one goes only when it holds nothing (no change, no
 * commit off the target). A branch goes only when all its commits are on the target; one with work is kept.
 */
export async function planUnrecordedLeftovers(
  repoDir: string,
  state: RunState,
  root: string,
  branches: readonly TaskBranch[],
  worktrees: readonly WorktreeEntry[],
  targetRef: string,
): Promise<Result<UnrecordedLeftovers, GitQueryError>> {
  const taskIds = new Set(state.tasks.map((task) => task.id));
  const recordedBranches = new Set(state.tasks.flatMap((task) => task.attempts.map((attempt) => attempt.branch)));
  const attempts = state.tasks.flatMap((task) => task.attempts);
  const recordedPaths = new Set(await Promise.all(attempts.map((attempt) => canonicalPath(attempt.worktree))));
  const leftovers: UnrecordedLeftovers = { worktrees: [], branches: [], kept: [], prune: false };
  const going = new Set<string>();
  for (const entry of worktrees.slice(1)) {
    if (recordedPaths.has(entry.path) || path.dirname(entry.path) !== root) continue;
    const name = path.basename(entry.path);
    const owner = taskOfName(name, taskIds);
    if (!owner || (entry.branch !== null && entry.branch !== `${TASK_BRANCH_PREFIX}${name}`)) continue;
    if (recordedBranches.has(entry.branch ?? '')) continue;
    const ref = { task: owner.task, attempt: owner.attempt };
    if (isHalfCreated(entry, root, taskIds)) {
      leftovers.worktrees.push({ ...ref, worktree: entry.path, halfCreated: true, reason: 'half-created: its `git worktree add` was killed' });
    } else if (entry.prunable) {
      leftovers.prune = true;
    } else if (entry.locked) {
      leftovers.kept.push({ ...ref, worktree: entry.path, branch: entry.branch, reason: 'locked (git worktree unlock it first)' });
      continue;
    } else {
      const changes = await uncommittedChanges(entry.path);
      if (!changes.ok) return changes;
      const unmerged = entry.head ? await commitsNotOn(repoDir, entry.head, targetRef) : ok(0);
      if (!unmerged.ok) return unmerged;
      if (changes.value.length > 0 || unmerged.value > 0) {
        leftovers.kept.push({ ...ref, worktree: entry.path, branch: entry.branch, reason: 'recorded by no attempt, and it holds work' });
        continue;
      }
      leftovers.worktrees.push({ ...ref, worktree: entry.path, halfCreated: false, reason: 'made just before the stop; nothing ran in it' });
    }
    if (entry.branch) going.add(entry.branch);
  }
  for (const branch of branches) {
    if (recordedBranches.has(branch.branch)) continue;
    const checkedOut = worktrees.some((entry) => entry.branch === branch.branch && !entry.prunable);
    if (checkedOut && !going.has(branch.branch)) continue;
    const ref = { task: branch.task, attempt: branch.attempt };
    const unmerged = await commitsNotOn(repoDir, branch.tip, targetRef);
    if (!unmerged.ok) return unmerged;
    if (unmerged.value > 0) {
      leftovers.kept.push({ ...ref, worktree: null, branch: branch.branch, reason: `recorded by no attempt, with ${unmerged.value} commit(s) not on ${state.target.branch}` });
    } else if (!state.options.keepBranches) {
      leftovers.branches.push({ ...ref, branch: branch.branch, tip: branch.tip, reason: 'left by an attempt that never started (no commit of its own)' });
    }
  }
  return ok(leftovers);
}
