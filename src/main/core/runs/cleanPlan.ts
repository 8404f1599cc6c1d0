import { stat } from 'node:fs/promises';
import path from 'node:path';
import { ok, type Result } from '../../../shared/result';
import { TASK_BRANCH_PREFIX } from '../git/branchNames';
import { commitsNotOn, commitsOnNoBranch, resolveCommit, uncommittedChanges, type GitQueryError } from '../git/gitQueries';
import { canonicalPath, listWorktrees, type WorktreeEntry } from '../git/worktreeList';
import { describeKept, inspectBranch, inspectWorktree } from './inspectWorktree';
import { abandonedWorktreeAdmins, isHalfCreated, listTaskBranches } from './taskBranches';
import { ownerStatus, systemHostProbe, type HostProbe } from './ownerLiveness';
import type { RunListing } from '../storage/runStore';
import type { RunState } from '../storage/runState';
import type { StatePaths } from '../storage/statePaths';

/**
 * What `wavelane clean` would remove: worktrees and `wavelane/*` branches that finished runs left, and the state
 * folders of finished runs other than the current one. Decides only; the caller executes `actions` in order
 * through core/git and the file system. Anything holding work that is not on the run's target (uncommitted
 * files, commits not reachable from it) becomes an action only with `force`; otherwise it is listed in `kept`
 * with the reason, as is everything that belongs to a live or resumable run.
 */
export interface CleanInput {
  /** Any checkout of the repository. */
  repoDir: string;
  paths: StatePaths;
  /** `RunStore.listRuns()`: runs whose state cannot be read are kept and reported, never removed. */
  listing: RunListing;
  currentRunId: string | null;
  force: boolean;
  hostProbe?: HostProbe;
}

export type CleanAction =
  /**
   * `git worktree remove [--force] <path>`; `force` is set when it discards work (named in `reason`);
   * `halfCreated` when `git worktree add` never finished it (see removeHalfCreatedWorktree).
   */
  | { kind: 'removeWorktree'; path: string; run: string | null; task: string | null; force: boolean; reason: string; halfCreated?: boolean }
  /** `unlock`: admin entries of a killed `git worktree add` whose `initializing` lock goes first (see abandonedWorktreeAdmins). */
  | { kind: 'pruneWorktrees'; reason: string; unlock?: string[] }
  /** `git update-ref -d refs/heads/<branch> <tip>`: deletes only if the branch still points at the judged tip. */
  | { kind: 'deleteBranch'; branch: string; tip: string; run: string; task: string; force: boolean; reason: string }
  | { kind: 'removeRunDir'; run: string; path: string; reason: string };

export interface KeptItem {
  kind: 'worktree' | 'branch' | 'run';
  /** The worktree path, branch name or run id. */
  name: string;
  run: string | null;
  reason: string;
}

export interface CleanPlan {
  /** In execution order: worktrees, prune, branches, run folders. */
  actions: CleanAction[];
  kept: KeptItem[];
}

export async function planClean(input: CleanInput): Promise<Result<CleanPlan, GitQueryError>> {
  const registered = await listWorktrees(input.repoDir);
  if (!registered.ok) return registered;
  const planner = new Planner(input, registered.value);
  const steps = [
    () => planner.recordedWorktrees(),
    () => planner.unrecordedWorktrees(),
    () => planner.abandonedAdmins(),
    () => planner.recordedBranches(),
    () => planner.unrecordedBranches(),
  ];
  for (const step of steps) {
    const done = await step();
    if (!done.ok) return done;
  }
  return ok(planner.finish());
}

type Step = Promise<Result<void, GitQueryError>>;
const done: Result<void, GitQueryError> = ok(undefined);

/** Collects the decisions of one `planClean` call; each phase sees what the earlier ones kept. */
class Planner {
  private readonly kept: KeptItem[] = [];
  private readonly keptByRun = new Map<string, number>();
  private readonly worktreeActions: CleanAction[] = [];
  private readonly branchActions: CleanAction[] = [];
  private prune: string | null = null;
  private unlock: string[] = [];
  private readonly cleanable: RunState[] = [];
  /** Worktrees and branches of live or resumable runs: never judged at all. */
  private readonly protectedPaths = new Set<string>();
  private readonly protectedBranches = new Set<string>();
  private readonly seenPaths = new Set<string>();
  /** Branches checked out in a kept worktree cannot be deleted. */
  private readonly keptCheckouts = new Set<string>();
  private liveRuns = false;
  /** Branches checked out in worktrees this plan removes: they may go too. */
  private readonly freedCheckouts = new Set<string>();
  private readonly linked: WorktreeEntry[];

  constructor(
    private readonly input: CleanInput,
    private readonly registered: readonly WorktreeEntry[],
  ) {
    this.linked = registered.slice(1); // the first entry is the main checkout: never a candidate
    const probe = input.hostProbe ?? systemHostProbe;
    for (const run of input.listing.runs) {
      const held = whyRunIsHeld(run, input.currentRunId, probe);
      if (held === null) {
        this.cleanable.push(run);
      } else {
        this.liveRuns = true;
        this.kept.push({ kind: 'run', name: run.id, run: run.id, reason: held });
      }
    }
    for (const problem of input.listing.problems) {
      this.kept.push({ kind: 'run', name: problem.runId, run: problem.runId, reason: problem.message });
    }
  }

  async recordedWorktrees(): Step {
    for (const run of this.input.listing.runs) {
      if (this.cleanable.includes(run)) continue;
      for (const attempt of run.tasks.flatMap((task) => task.attempts)) {
        this.protectedPaths.add(await canonicalPath(attempt.worktree));
        this.protectedBranches.add(attempt.branch);
      }
    }
    for (const run of this.cleanable) {
      const targetRef = await existingRef(this.input.repoDir, run.target.branch);
      if (!targetRef.ok) return targetRef;
      for (const task of run.tasks) {
        for (const attempt of task.attempts) {
          const judged = await this.recordedWorktree(run, task.id, attempt.worktree, targetRef.value);
          if (!judged.ok) return judged;
        }
      }
    }
    return done;
  }

  private async recordedWorktree(run: RunState, task: string, worktree: string, targetRef: string | null): Step {
    const where = await canonicalPath(worktree);
    if (this.protectedPaths.has(where) || this.seenPaths.has(where)) return done;
    this.seenPaths.add(where);
    const judged = await inspectWorktree(this.input.repoDir, where, this.registered, targetRef);
    if (!judged.ok) return judged;
    const place = judged.value;
    const target = run.target.branch;
    if (place.kind === 'absent') return done;
    if (place.kind === 'prunable') {
      this.prune = `the folder of ${where} is gone`;
      return done;
    }
    const locked = this.linked.find((entry) => entry.path === where)?.locked ?? false;
    if (place.kind === 'unregistered' || place.kind === 'main') {
      this.keep({ kind: 'worktree', name: where, run: run.id, reason: describeKept(place, target) });
      return done;
    }
    const remove = (force: boolean, reason: string) =>
      this.worktreeActions.push({ kind: 'removeWorktree', path: where, run: run.id, task, force, reason });
    if (locked) {
      this.keepCheckout(place.branch, { kind: 'worktree', name: where, run: run.id, reason: LOCKED });
    } else if (place.kind === 'clean') {
      remove(false, `left by run ${run.id}; all its work is on ${target}`);
    } else if (this.input.force) {
      remove(true, `--force: discards ${describeKept(place, target)}`);
    } else {
      const reason = `${describeKept(place, target)} (--force removes it)`;
      this.keepCheckout(place.branch, { kind: 'worktree', name: where, run: run.id, reason });
    }
    return done;
  }

  /**
   * Worktrees under a run's worktree root that no state recorded (a crash between `git worktree add` and the
   * state write), on a `wavelane/` branch or detached as ours are. Skipped while a run is live: its newest
   * worktree may not be recorded yet.
   */
  /** Admin entries git cannot list (killed before their gitdir was written); skipped while a run is live. */
  async abandonedAdmins(): Step {
    if (this.liveRuns) return done;
    const taskIds = new Set(this.input.listing.runs.flatMap((run) => run.tasks.map((task) => task.id)));
    this.unlock = await abandonedWorktreeAdmins(this.input.paths.commonDir, taskIds);
    if (this.unlock.length > 0) this.prune ??= 'half-created worktree entries: their `git worktree add` was killed before it wrote them whole';
    return done;
  }

  async unrecordedWorktrees(): Step {
    if (this.liveRuns) return done;
    const runs = this.input.listing.runs;
    const roots = [...new Set(await Promise.all(runs.map((run) => canonicalPath(run.options.worktreeRoot))))];
    const taskIds = new Set(runs.flatMap((run) => run.tasks.map((task) => task.id)));
    for (const entry of this.linked) {
      if (this.seenPaths.has(entry.path) || !roots.some((root) => isInside(entry.path, root))) continue;
      if (entry.branch !== null && !entry.branch.startsWith(TASK_BRANCH_PREFIX)) continue;
      this.seenPaths.add(entry.path);
      if (roots.some((root) => isHalfCreated(entry, root, taskIds))) {
        const reason = 'half-created: its `git worktree add` was killed, and nothing ever ran in it';
        this.worktreeActions.push({ kind: 'removeWorktree', path: entry.path, run: null, task: null, force: true, reason, halfCreated: true });
        if (entry.branch) this.freedCheckouts.add(entry.branch);
        continue;
      }
      const judged = await judgeUnrecorded(this.input.repoDir, entry, this.input.force);
      if (!judged.ok) return judged;
      const verdict = judged.value;
      if ('act' in verdict) {
        this.worktreeActions.push(verdict.act);
        if (entry.branch) this.freedCheckouts.add(entry.branch);
      }
      else if ('prune' in verdict) this.prune = verdict.prune;
      else this.keepCheckout(entry.branch, verdict.keep);
    }
    return done;
  }

  async recordedBranches(): Step {
    const seen = new Set<string>();
    for (const run of this.cleanable) {
      const targetRef = await existingRef(this.input.repoDir, run.target.branch);
      if (!targetRef.ok) return targetRef;
      for (const task of run.tasks) {
        for (const { branch } of task.attempts) {
          if (this.protectedBranches.has(branch) || seen.has(branch)) continue;
          seen.add(branch);
          const judged = await this.recordedBranch(run, task.id, branch, targetRef.value);
          if (!judged.ok) return judged;
        }
      }
    }
    return done;
  }

  private async recordedBranch(run: RunState, task: string, name: string, targetRef: string | null): Step {
    const branch = await inspectBranch(this.input.repoDir, name, targetRef);
    if (!branch.ok) return branch;
    if (!branch.value.exists) return done;
    const { tip, unmergedCommits } = branch.value;
    const target = run.target.branch;
    const remove = (force: boolean, reason: string) =>
      this.branchActions.push({ kind: 'deleteBranch', branch: name, tip, run: run.id, task, force, reason });
    const keep = (reason: string) => this.keep({ kind: 'branch', name, run: run.id, reason });
    if (this.keptCheckouts.has(name)) {
      keep('checked out in a worktree that is kept');
    } else if (unmergedCommits > 0) {
      const lost = `${unmergedCommits} commit${unmergedCommits === 1 ? '' : 's'} not on ${target}`;
      if (this.input.force) remove(true, `--force: discards ${lost}`);
      else keep(`${lost} (--force deletes it)`);
    } else if (run.options.keepBranches && !this.input.force) {
      keep('the run was started with --keep-branches (--force deletes it)');
    } else {
      remove(false, `all its commits are on ${target}`);
    }
    return done;
  }

  /**
   * Task branches (named as ours for a task of a finished run) that no attempt of any run records: a kill
   * between `git branch` and the state write. One whose commits are all on the run's target loses nothing;
   * one with work is kept unless forced. Skipped while a run is live (its newest branch may not be recorded).
   */
  async unrecordedBranches(): Step {
    if (this.liveRuns) return done;
    const recorded = new Set(this.input.listing.runs.flatMap((run) => run.tasks.flatMap((task) => task.attempts.map((attempt) => attempt.branch))));
    const checkedOut = new Set(this.registered.flatMap((entry) => (entry.branch && !entry.prunable ? [entry.branch] : [])));
    const seen = new Set<string>();
    for (const run of this.cleanable) {
      const branches = await listTaskBranches(this.input.repoDir, new Set(run.tasks.map((task) => task.id)));
      if (!branches.ok) return branches;
      const targetRef = await existingRef(this.input.repoDir, run.target.branch);
      if (!targetRef.ok) return targetRef;
      for (const { branch, tip, task } of branches.value) {
        if (recorded.has(branch) || seen.has(branch) || (checkedOut.has(branch) && !this.freedCheckouts.has(branch))) continue;
        seen.add(branch);
        const unmerged = await commitsNotOn(this.input.repoDir, tip, targetRef.value);
        if (!unmerged.ok) return unmerged;
        const remove = (force: boolean, reason: string) =>
          this.branchActions.push({ kind: 'deleteBranch', branch, tip, run: run.id, task, force, reason });
        if (unmerged.value === 0) {
          remove(false, `recorded by no attempt, and all its commits are on ${run.target.branch}`);
        } else if (this.input.force) {
          remove(true, `--force: discards ${plural(unmerged.value, 'commit')} not on ${run.target.branch}, recorded by no attempt`);
        } else {
          const reason = `recorded by no attempt; ${plural(unmerged.value, 'commit')} not on ${run.target.branch} (--force deletes it)`;
          this.keep({ kind: 'branch', name: branch, run: run.id, reason });
        }
      }
    }
    return done;
  }

  finish(): CleanPlan {
    const runActions: CleanAction[] = [];
    for (const run of this.cleanable) {
      if (run.id === this.input.currentRunId) continue; // `wavelane status` shows the last run
      const held = this.keptByRun.get(run.id) ?? 0;
      if (held > 0) {
        const reason = `its record stays while ${held} of its worktrees or branches are kept`;
        this.kept.push({ kind: 'run', name: run.id, run: run.id, reason });
      } else {
        const where = this.input.paths.runDir(run.id);
        runActions.push({ kind: 'removeRunDir', run: run.id, path: where, reason: `run ${run.id} ${run.state}` });
      }
    }
    const pruneActions: CleanAction[] = this.prune
      ? [{ kind: 'pruneWorktrees', reason: this.prune, ...(this.unlock.length > 0 ? { unlock: this.unlock } : {}) }]
      : [];
    return {
      actions: [...this.worktreeActions, ...pruneActions, ...this.branchActions, ...runActions],
      kept: this.kept,
    };
  }

  private keep(item: KeptItem): void {
    this.kept.push(item);
    if (item.run) this.keptByRun.set(item.run, (this.keptByRun.get(item.run) ?? 0) + 1);
  }

  private keepCheckout(branch: string | null, item: KeptItem): void {
    this.keep(item);
    if (branch) this.keptCheckouts.add(branch);
  }
}

const LOCKED = 'locked (git worktree unlock it first)';

/** Null when the run is over and its leftovers may go; otherwise why it must be left alone. */
function whyRunIsHeld(run: RunState, currentRunId: string | null, probe: HostProbe): string | null {
  if (run.state !== 'running') return null;
  const owner = ownerStatus(run.owner, probe);
  if (owner.alive) return `run ${run.id} is active (${owner.reason})`;
  if (run.id === currentRunId) return `run ${run.id} was interrupted (${owner.reason}); \`wavelane run\` resumes it`;
  return null; // an interrupted run that is no longer current will never be resumed
}

async function existingRef(repoDir: string, branch: string): Promise<Result<string | null, GitQueryError>> {
  const ref = `refs/heads/${branch}`;
  const head = await resolveCommit(repoDir, ref);
  if (!head.ok) return head;
  return ok(head.value === null ? null : ref);
}

type Judgement = { act: CleanAction } | { keep: KeptItem } | { prune: string };

/**
 * A worktree no run recorded has no target to compare with; its branch is never deleted (it is not recorded as
 * ours), so removing the worktree loses only uncommitted files and commits that no branch or tag holds.
 */
async function judgeUnrecorded(
  repoDir: string,
  entry: WorktreeEntry,
  force: boolean,
): Promise<Result<Judgement, GitQueryError>> {
  if (entry.prunable || !(await isDirectory(entry.path))) return ok({ prune: `the folder of ${entry.path} is gone` });
  const keep = (reason: string): Judgement => ({ keep: { kind: 'worktree', name: entry.path, run: null, reason } });
  if (entry.locked) return ok(keep(LOCKED));
  const changes = await uncommittedChanges(entry.path);
  if (!changes.ok) return changes;
  const orphans = entry.head ? await commitsOnNoBranch(repoDir, entry.head) : ok(0);
  if (!orphans.ok) return orphans;
  const risks: string[] = [];
  if (changes.value.length > 0) risks.push(`uncommitted changes in ${plural(changes.value.length, 'file')}`);
  if (orphans.value > 0) risks.push(`${plural(orphans.value, 'commit')} on no branch`);
  const remove = (forced: boolean, reason: string): Judgement => ({
    act: { kind: 'removeWorktree', path: entry.path, run: null, task: null, force: forced, reason },
  });
  if (risks.length === 0) {
    return ok(remove(false, 'under a run worktree root but recorded by no run; nothing uncommitted (its branch stays)'));
  }
  return ok(
    force
      ? remove(true, `--force: discards ${risks.join(' and ')}`)
      : keep(`recorded by no run; ${risks.join(' and ')} (--force removes it)`),
  );
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

async function isDirectory(where: string): Promise<boolean> {
  try {
    return (await stat(where)).isDirectory();
  } catch {
    return false;
  }
}

function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
