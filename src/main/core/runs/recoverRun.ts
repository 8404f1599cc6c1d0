import { err, ok, type Result } from '../../../shared/result';
import type { TaskStatus } from '../../../shared/run/taskStatus';
import type { NewRunEvent } from '../storage/eventLog';
import { isReachable, landedMerges, resolveCommit, type GitQueryError } from '../git/gitQueries';
import { canonicalPath, listWorktrees, type WorktreeEntry } from '../git/worktreeList';
import { describeKept, inspectBranch, inspectWorktree } from './inspectWorktree';
import { ownerStatus, OWNER_STALE_MS, systemHostProbe, type HostProbe } from './ownerLiveness';
import type { AttemptRecord, RunState, TaskRecord } from '../storage/runState';
import { procScanner, type ProcessScanner, type StrayProcess } from './strayProcesses';
import { listTaskBranches } from './taskBranches';
import { findCommittedAttempt, planUnrecordedLeftovers, reuseCommittedAttempt } from './unrecordedAttempts';

/**
 * What resuming a run whose owner died means, decided from the state file AND the repository (git is the truth:
 * a merge that landed just before the crash counts even if the state never recorded it). Decides only: the
 * caller acts through core/git, in this order: stop `strays`, remove `removeWorktrees` (plain `git worktree
 * remove`, no --force: they were clean), prune if `pruneWorktrees`, delete `deleteBranches` with
 * `git update-ref -d refs/heads/<branch> <tip>` (so a branch that moved since is left alone), then save `state`
 * (after RunStore.takeOver) and append `events`. Work that could be lost is in `kept`, never in an action.
 */
export interface RecoverRunInput {
  state: RunState;
  /** Any checkout of the repository. */
  repoDir: string;
  hostProbe?: HostProbe;
  scanner?: ProcessScanner;
  staleMs?: number;
  /**
   * The caller knows nobody executes this run any more (it ended as finished or cancelled and is being
   * picked up again), even though its recorded owner may be a live process, e.g. this one: skip the check.
   */
  ownerGoneReason?: string;
  /** Tasks the caller sent back to pending for another go (they had failed): their committed work is not reused. */
  redone?: ReadonlySet<string>;
  /**
   * Another run of the repository is live: worktrees and branches no attempt of this run records may be
   * its newest ones, so they are left alone.
   */
  othersLive?: boolean;
}

export interface TaskDecision {
  task: string;
  from: TaskStatus;
  to: TaskStatus;
  reason: string;
  mergeCommit: string | null;
}

export interface KeptWork {
  task: string;
  attempt: number;
  /** Null when only the branch is left. */
  worktree: string | null;
  branch: string | null;
  reason: string;
}

export interface WorktreeRemoval {
  task: string;
  attempt: number;
  worktree: string;
  reason: string;
  /** Locked by a `git worktree add` that never finished: removed with removeHalfCreatedWorktree. */
  halfCreated?: boolean;
}

export interface BranchDeletion {
  task: string;
  attempt: number;
  branch: string;
  /** The tip judged safe to delete; delete only if the branch still points there. */
  tip: string;
  reason: string;
}

export interface RecoveryPlan {
  runId: string;
  /** Why the previous owner counts as dead. */
  ownerReason: string;
  /** The target's head now. */
  targetHead: string;
  /** The state to resume with (owner unchanged: see RunStore.takeOver). */
  state: RunState;
  decisions: TaskDecision[];
  kept: KeptWork[];
  removeWorktrees: WorktreeRemoval[];
  deleteBranches: BranchDeletion[];
  /** Some worktree of this run is registered but its folder is gone: run `git worktree prune`. */
  pruneWorktrees: boolean;
  strays: { checked: boolean; note: string | null; processes: StrayProcess[] };
  events: NewRunEvent[];
}

export type RecoverRunError = 'RUN_ACTIVE' | 'NOT_RESUMABLE' | 'TARGET_MISSING' | GitQueryError;

/** Statuses whose worktrees were meant to go away (done, or to be redone); failures keep theirs for inspection. */
const SETTLED_OR_REDONE: readonly TaskStatus[] = ['pending', 'running', 'merging', 'merged', 'empty'];
/** Statuses of a task the stop interrupted: its last attempt may have committed its work just before. */
const INTERRUPTED: readonly TaskStatus[] = ['pending', 'running', 'merging'];

export async function recoverRun(input: RecoverRunInput): Promise<Result<RecoveryPlan, RecoverRunError>> {
  const { repoDir } = input;
  const state = structuredClone(input.state);
  const probe = input.hostProbe ?? systemHostProbe;
  if (state.state !== 'running') {
    return err('NOT_RESUMABLE', `Run ${state.id} is ${state.state}; only a run that was still running can be resumed`);
  }
  const owner = input.ownerGoneReason
    ? { alive: false as const, reason: input.ownerGoneReason }
    : ownerStatus(state.owner, probe, input.staleMs ?? OWNER_STALE_MS);
  if (owner.alive) {
    return err('RUN_ACTIVE', `Run ${state.id} is still active: ${owner.reason}`);
  }

  const branch = state.target.branch;
  const targetRef = `refs/heads/${branch}`;
  const targetHead = await resolveCommit(repoDir, targetRef);
  if (!targetHead.ok) return targetHead;
  if (targetHead.value === null) {
    return err('TARGET_MISSING', `Run ${state.id} targets branch ${branch}, which no longer exists in ${repoDir}`, {
      where: repoDir,
    });
  }
  const landed = await landedMerges(repoDir, state.id, state.target.head, targetRef);
  if (!landed.ok) return landed;
  const worktrees = await listWorktrees(repoDir);
  if (!worktrees.ok) return worktrees;

  const plan: RecoveryPlan = {
    runId: state.id,
    ownerReason: owner.reason,
    targetHead: targetHead.value,
    state,
    decisions: [],
    kept: [],
    removeWorktrees: [],
    deleteBranches: [],
    pruneWorktrees: false,
    strays: { checked: false, note: null, processes: [] },
    events: [],
  };

  const taskBranches = await listTaskBranches(repoDir, new Set(state.tasks.map((task) => task.id)));
  if (!taskBranches.ok) return taskBranches;
  /** Branches of committed attempts that go to the merge queue as they are: not judged as leftovers. */
  const reused = new Set<string>();
  for (const task of state.tasks) {
    const landedCommit = landed.value.get(task.id) ?? null;
    if (!landedCommit && INTERRUPTED.includes(task.status) && !input.redone?.has(task.id)) {
      const committed = await findCommittedAttempt(repoDir, state, task, taskBranches.value, worktrees.value, targetRef);
      if (!committed.ok) return committed;
      if (committed.value) {
        const { n, branch: on, tip, recorded } = committed.value;
        reused.add(on);
        // Already recorded as waiting for its merge with this very commit: nothing to decide.
        if (task.status === 'merging' && recorded?.commit === tip) continue;
        const reason = `attempt ${n} was committed on ${on} (${tip.slice(0, 12)}) before the stop; it goes straight to the merge queue`;
        plan.decisions.push({ task: task.id, from: task.status, to: 'merging', reason, mergeCommit: null });
        reuseCommittedAttempt(task, committed.value, state.owner.heartbeatAt);
        continue;
      }
    }
    const decided = await decideTask(repoDir, task, landedCommit, targetRef, branch);
    if (!decided.ok) return decided;
    if (decided.value) {
      plan.decisions.push(decided.value);
      applyDecision(task, decided.value, state.owner.heartbeatAt);
    }
  }

  for (const task of state.tasks) {
    if (!SETTLED_OR_REDONE.includes(task.status)) continue;
    for (const attempt of task.attempts) {
      if (reused.has(attempt.branch)) continue;
      const judged = await judgeAttempt(repoDir, task, attempt, worktrees.value, targetRef, state, plan);
      if (!judged.ok) return judged;
    }
  }

  if (!input.othersLive) {
    const root = await canonicalPath(state.options.worktreeRoot);
    const leftovers = await planUnrecordedLeftovers(repoDir, state, root, taskBranches.value, worktrees.value, targetRef);
    if (!leftovers.ok) return leftovers;
    plan.removeWorktrees.push(...leftovers.value.worktrees);
    plan.deleteBranches.push(...leftovers.value.branches);
    plan.kept.push(...leftovers.value.kept);
    if (leftovers.value.prune) plan.pruneWorktrees = true;
  }

  if (state.owner.hostname !== probe.hostname()) {
    plan.strays.note = `the run was owned by ${state.owner.hostname}; look for leftover agents there`;
  } else {
    const scan = await (input.scanner ?? procScanner()).findRunProcesses(state.id);
    plan.strays = scan.supported
      ? { checked: true, note: null, processes: scan.processes }
      : { checked: false, note: 'processes cannot be inspected on this platform', processes: [] };
  }

  plan.events = recoveryEvents(plan, state);
  return ok(plan);
}

async function decideTask(
  repoDir: string,
  task: TaskRecord,
  landedCommit: string | null,
  targetRef: string,
  branch: string,
): Promise<Result<TaskDecision | null, GitQueryError>> {
  const decision = (to: TaskStatus, reason: string, mergeCommit: string | null): TaskDecision => ({
    task: task.id,
    from: task.status,
    to,
    reason,
    mergeCommit,
  });
  if (task.status === 'merged' && task.mergeCommit) {
    const reachable = await isReachable(repoDir, task.mergeCommit, targetRef);
    if (!reachable.ok) return reachable;
    if (reachable.value) return ok(null);
  }
  if (landedCommit && !(task.status === 'merged' && task.mergeCommit === landedCommit)) {
    return ok(decision('merged', `its merge ${landedCommit.slice(0, 12)} is on ${branch}`, landedCommit));
  }
  if (task.status === 'merged') {
    const recorded = task.mergeCommit ? `its merge commit ${task.mergeCommit.slice(0, 12)}` : 'no merge commit';
    return ok(decision('pending', `${recorded} is not on ${branch} any more; running it again`, null));
  }
  if (task.status === 'running' || task.status === 'merging') {
    const attempt = task.attempts.length;
    return ok(
      decision(
        'pending',
        `interrupted while ${task.status}${attempt ? ` (attempt ${attempt})` : ''}; restarting in a fresh worktree`,
        null,
      ),
    );
  }
  return ok(null);
}

function applyDecision(task: TaskRecord, decision: TaskDecision, lastSignOfLife: string): void {
  task.status = decision.to;
  task.reason = decision.to === 'merged' ? null : decision.reason;
  task.mergeCommit = decision.mergeCommit;
  if (decision.to === 'pending') task.conflicts = [];
  for (const attempt of task.attempts) {
    // The owner was last seen alive at its heartbeat: the best estimate of when an open attempt ended.
    if (attempt.endedAt === null) {
      attempt.endedAt = attempt.startedAt > lastSignOfLife ? attempt.startedAt : lastSignOfLife;
    }
  }
}

async function judgeAttempt(
  repoDir: string,
  task: TaskRecord,
  attempt: AttemptRecord,
  worktrees: readonly WorktreeEntry[],
  targetRef: string,
  state: RunState,
  plan: RecoveryPlan,
): Promise<Result<void, GitQueryError>> {
  const target = state.target.branch;
  const ref = { task: task.id, attempt: attempt.n };
  const condition = await inspectWorktree(repoDir, attempt.worktree, worktrees, targetRef);
  if (!condition.ok) return condition;
  const place = condition.value;
  if (place.kind === 'dirty' || place.kind === 'unmerged' || place.kind === 'unregistered' || place.kind === 'main') {
    plan.kept.push({ ...ref, worktree: place.path, branch: attempt.branch, reason: describeKept(place, target) });
    return ok(undefined);
  }
  if (place.kind === 'prunable') plan.pruneWorktrees = true;
  if (place.kind === 'clean') {
    const why =
      task.status === 'pending' ? `clean leftover of interrupted attempt ${attempt.n}` : `leftover of ${task.status} task`;
    plan.removeWorktrees.push({ ...ref, worktree: place.path, reason: why });
  }
  const branch = await inspectBranch(repoDir, attempt.branch, targetRef);
  if (!branch.ok) return branch;
  if (!branch.value.exists) return ok(undefined);
  if (branch.value.unmergedCommits > 0) {
    const count = branch.value.unmergedCommits;
    plan.kept.push({
      ...ref,
      worktree: null,
      branch: attempt.branch,
      reason: `branch has ${count} commit${count === 1 ? '' : 's'} not on ${target}`,
    });
  } else if (!state.options.keepBranches) {
    const reason = `all its commits are on ${target}`;
    plan.deleteBranches.push({ ...ref, branch: attempt.branch, tip: branch.value.tip, reason });
  }
  return ok(undefined);
}

function recoveryEvents(plan: RecoveryPlan, state: RunState): NewRunEvent[] {
  const events: NewRunEvent[] = [
    {
      type: 'run.recovered',
      previousOwner: { pid: state.owner.pid, hostname: state.owner.hostname },
      ownerReason: plan.ownerReason,
      targetHead: plan.targetHead,
    },
  ];
  for (const decision of plan.decisions) {
    const attempts = state.tasks.find((task) => task.id === decision.task)?.attempts.length ?? 0;
    events.push({
      type: 'task.status',
      task: decision.task,
      ...(attempts > 0 ? { attempt: attempts } : {}),
      from: decision.from,
      status: decision.to,
      reason: decision.reason,
      mergeCommit: decision.mergeCommit,
    });
  }
  for (const kept of plan.kept) {
    events.push({ type: 'work.kept', ...kept });
  }
  return events;
}
