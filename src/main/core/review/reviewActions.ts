import type { AgentSession } from '../agents/agentSession';
import type { ProfileRegistry } from '../agents/profileRegistry';
import type { PlanTask } from '../../../shared/plan/plan';
import type { TaskReview } from '../../../shared/contract/review';
import { err, ok, type Result } from '../../../shared/result';
import { runGit } from '../git/git';
import { RunStore } from '../storage/runStore';
import type { TaskRecord } from '../storage/runState';
import { discardTask } from './discardTask';
import { startFollowUp } from './followUp';
import type { ReviewDecision } from './reviewGate';
import { reviewTask } from './taskReview';
import { ensureTaskWork } from './taskWork';

/** Statuses whose work sits on an unmerged branch: the ones that can be reviewed, retried, fixed or discarded. */
const UNLANDED = new Set(['conflict', 'failed', 'cancelled', 'review']);

/** A task of a run, with its last attempt's work not landed. */
export interface ReviewedTask {
  runId: string;
  /** The branch the run lands on. */
  target: string;
  task: PlanTask;
  record: TaskRecord;
  /** The run's state folder (follow-up prompts and logs go there). */
  runDir: string;
  /** The run that owns the task still goes in this process (its merge queue and Review gate are live). */
  running: boolean;
}

/**
 * What review needs from the project (project/ builds it): review/ never imports runs/ (runs/ imports
 * review/'s gate and loop), so the live run's gate and merge queue are reached through these ports.
 */
export interface ReviewPorts {
  repo: string;
  find(taskId: string): Promise<ReviewedTask | null>;
  /** Hands a decision to the live run's Review gate; false when no run waits on that task. */
  decide(taskId: string, decision: ReviewDecision): boolean;
  /** Sends the task's branch, as it is, through the merge queue: the live run's, or one of its own after the run. */
  land(task: ReviewedTask): Promise<Result<null, string>>;
  /** Plan agent profiles and the default agent id, for a follow-up. */
  agents(): { profiles: ProfileRegistry | null; defaultAgent: string };
  /** An agent working on the task outside the run: its output goes to the task's terminal. */
  attachSideSession(taskId: string, session: AgentSession): void;
  /** The run or board changed (a task landed or was discarded outside its run). */
  refreshed(): Promise<void>;
}

/**
 * Review before merge, as the user acts on it: see a task's change, land it (approve, or retry after a
 * failed verify), ask its agent to change or fix it (a follow-up in the same worktree, then the merge
 * queue again), or discard it. A task waiting in its live run's Review takes the decision there (the run
 * merges, re-runs or discards it); a task of a finished run is acted on here directly.
 */
/** The answers of the actions on a task's unlanded work. */
export type ReviewActionError = 'NOT_FOUND' | 'NOT_IN_REVIEW' | 'WORK_GONE';

export class ReviewActions {
  constructor(private readonly ports: ReviewPorts) {}

  /** A task waiting in Review inside its run takes the decision there. */
  private decided(reviewed: ReviewedTask, decision: ReviewDecision): boolean {
    return reviewed.record.status === 'review' && this.ports.decide(reviewed.task.id, decision);
  }

  private async unlanded(taskId: string): Promise<Result<ReviewedTask, 'NOT_FOUND' | 'NOT_IN_REVIEW'>> {
    const reviewed = await this.ports.find(taskId);
    if (!reviewed) return err('NOT_FOUND', `Task ${taskId} has no run`);
    if (!UNLANDED.has(reviewed.record.status) || reviewed.record.attempts.length === 0) {
      return err('NOT_IN_REVIEW', `Task ${taskId} is ${reviewed.record.status}: it has no unmerged work to act on`);
    }
    return ok(reviewed);
  }

  /** An unlanded task whose branch is there, with its worktree (made again from the branch if its folder is gone). */
  private async withWork(taskId: string, action: string): Promise<Result<ReviewedTask, ReviewActionError>> {
    const reviewed = await this.unlanded(taskId);
    if (!reviewed.ok) return reviewed;
    const attempt = reviewed.value.record.attempts.at(-1)!;
    const place = { repo: this.ports.repo, taskId, branch: attempt.branch, worktree: attempt.worktree, target: reviewed.value.target };
    const work = await ensureTaskWork(place, action);
    return work.ok ? reviewed : work;
  }

  /** The task's change against the merge base, file by file with old and new texts (the dialog's diff). */
  async diff(taskId: string): Promise<Result<TaskReview, 'NOT_FOUND' | 'NOT_IN_REVIEW'>> {
    const reviewed = await this.unlanded(taskId);
    if (!reviewed.ok) return reviewed;
    const attempt = reviewed.value.record.attempts.at(-1)!;
    const mergeBase = await runGit(['merge-base', reviewed.value.target, attempt.branch], { cwd: this.ports.repo });
    const review = await reviewTask({
      repo: this.ports.repo,
      taskId,
      title: reviewed.value.task.title,
      branch: attempt.branch,
      base: mergeBase.stdout.trim() || reviewed.value.target,
    });
    return review.ok ? review : err('NOT_FOUND', review.error.message);
  }

  /** Sends the task's branch, as it is, through the merge queue (Approve and merge, Retry). */
  async land(taskId: string): Promise<Result<null, ReviewActionError>> {
    const reviewed = await this.withWork(taskId, 'land');
    if (!reviewed.ok) return reviewed;
    if (this.decided(reviewed.value, { kind: 'approve' })) return ok(null);
    const landed = await this.ports.land(reviewed.value);
    if (!landed.ok) return err('NOT_IN_REVIEW', landed.error.message);
    await this.ports.refreshed();
    return ok(null);
  }

  /** Request changes / Ask agent to fix: the same agent, the same worktree, a follow-up prompt; then land. */
  async followUp(taskId: string, request: string): Promise<Result<null, ReviewActionError>> {
    const reviewed = await this.withWork(taskId, 'ask the agent to change');
    if (!reviewed.ok) return reviewed;
    if (this.decided(reviewed.value, { kind: 'changes', prompt: request })) return ok(null);
    const { task, runId, runDir } = reviewed.value;
    const attempt = reviewed.value.record.attempts.at(-1)!;
    const { profiles, defaultAgent } = this.ports.agents();
    const profile = profiles?.resolveProfile(task.agent ?? defaultAgent);
    if (!profile?.ok) return err('NOT_IN_REVIEW', `No agent profile "${task.agent ?? defaultAgent}" to ask`);
    const started = await startFollowUp({ task, profile: profile.value, runId, runDir, worktree: attempt.worktree, branch: attempt.branch, request });
    if (!started.ok) return err('NOT_IN_REVIEW', started.error.message);
    this.ports.attachSideSession(taskId, started.value.session);
    void started.value.done.then(async (result) => {
      if (result.ok) await this.land(taskId);
      else await this.ports.refreshed();
    });
    return ok(null);
  }

  /** Removes the task's branch and worktree: its unmerged work is gone (the dialog said what first). */
  async discard(taskId: string): Promise<Result<null, 'NOT_FOUND' | 'NOT_IN_REVIEW'>> {
    const reviewed = await this.unlanded(taskId);
    if (!reviewed.ok) return reviewed;
    if (this.decided(reviewed.value, { kind: 'discard' })) return ok(null);
    if (reviewed.value.running) return err('NOT_IN_REVIEW', 'Wait for the run to end before discarding a task of it');
    const attempt = reviewed.value.record.attempts.at(-1)!;
    const problem = await discardTask(this.ports.repo, taskId, attempt.branch, attempt.worktree);
    if (problem) return err('NOT_IN_REVIEW', problem);
    const store = await RunStore.open(this.ports.repo);
    if (store.ok) {
      const state = await store.value.loadRunState(reviewed.value.runId);
      const record = state.ok ? state.value.tasks.find((candidate) => candidate.id === taskId) : undefined;
      if (state.ok && record) {
        record.status = 'cancelled';
        record.reason = `discarded: branch ${attempt.branch} and its worktree were removed`;
        await store.value.saveRunState(state.value);
      }
      await store.value.close();
    }
    await this.ports.refreshed();
    return ok(null);
  }
}
