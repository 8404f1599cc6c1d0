import path from 'node:path';
import type { TaskReview } from '../../../shared/conflicts/conflict';
import { err, ok, type Result } from '../../../shared/result';
import { reviewTask } from '../review/taskReview';
import { followUpPrompt, startFollowUp } from '../runs/followUp';
import { landAfterRun } from '../runs/landAfterRun';
import type { ReviewDecision } from '../review/reviewGate';
import { runGit } from '../git/git';
import { deleteTaskBranch, removeTaskWorktree } from '../git/worktrees';
import { RunStore } from '../storage/runStore';
import type { ConflictServiceHost } from './conflictService';
import type { TaskContext } from './taskContext';

/** Statuses whose work sits on an unmerged branch: the ones that can be reviewed, retried, fixed or discarded. */
const UNLANDED = new Set(['conflict', 'failed', 'cancelled', 'review']);

/**
 * What a user can do with a finished task whose work did not land: see its diff, land it (approve, or
 * retry after a failed verify), ask its agent to change or fix it (a follow-up in the same worktree,
 * then the merge queue again), or discard it.
 */
export class TaskActions {
  constructor(private readonly host: ConflictServiceHost) {}

  /** A task waiting in Review inside its run takes the decision there (the run merges or discards it). */
  private decided(context: TaskContext, decision: ReviewDecision): boolean {
    return context.record.status === 'review' && Boolean(context.controller?.decideReview(context.task.id, decision));
  }

  private async unlanded(taskId: string): Promise<Result<TaskContext, 'NOT_FOUND' | 'NOT_IN_REVIEW'>> {
    const context = await this.host.context(taskId);
    if (!context) return err('NOT_FOUND', `Task ${taskId} has no run`);
    if (!UNLANDED.has(context.record.status) || context.record.attempts.length === 0) {
      return err('NOT_IN_REVIEW', `Task ${taskId} is ${context.record.status}: it has no unmerged work to act on`);
    }
    return ok(context);
  }

  async review(taskId: string): Promise<Result<TaskReview, 'NOT_FOUND' | 'NOT_IN_REVIEW'>> {
    const context = await this.unlanded(taskId);
    if (!context.ok) return context;
    const attempt = context.value.record.attempts.at(-1)!;
    const mergeBase = await runGit(['merge-base', context.value.target, attempt.branch], { cwd: this.host.repo });
    const review = await reviewTask({
      repo: this.host.repo,
      taskId,
      title: context.value.task.title,
      branch: attempt.branch,
      base: mergeBase.stdout.trim() || context.value.target,
    });
    return review.ok ? review : err('NOT_FOUND', review.error.message);
  }

  /** Sends the task's branch, as it is, through the merge queue (Approve and merge, Retry). */
  async land(taskId: string): Promise<Result<null, 'NOT_FOUND' | 'NOT_IN_REVIEW'>> {
    const context = await this.unlanded(taskId);
    if (!context.ok) return context;
    if (this.decided(context.value, { kind: 'approve' })) return ok(null);
    if (!(await context.value.controller?.requeue(taskId))) {
      const landed = await landAfterRun({ repoDir: this.host.repo, runId: context.value.runId, taskId, title: context.value.task.title });
      if (!landed.ok) return err('NOT_IN_REVIEW', landed.error.message);
    }
    await this.host.refreshed();
    return ok(null);
  }

  /** Request changes / Ask agent to fix: the same agent, the same worktree, a follow-up prompt; then land. */
  async followUp(taskId: string, request: string): Promise<Result<null, 'NOT_FOUND' | 'NOT_IN_REVIEW'>> {
    const context = await this.unlanded(taskId);
    if (!context.ok) return context;
    if (this.decided(context.value, { kind: 'changes', prompt: request })) return ok(null);
    const { task, runId, paths } = context.value;
    const attempt = context.value.record.attempts.at(-1)!;
    const { profiles, defaultAgent } = this.host.agents();
    const profile = profiles?.resolveProfile(task.agent ?? defaultAgent);
    if (!profile?.ok) return err('NOT_IN_REVIEW', `No agent profile "${task.agent ?? defaultAgent}" to ask`);
    const stamp = Date.now();
    const started = await startFollowUp({
      task,
      profile: profile.value,
      runId,
      worktree: attempt.worktree,
      branch: attempt.branch,
      prompt: followUpPrompt(task, request, profile.value),
      promptFile: path.join(paths.runDir(runId), 'prompts', `${taskId}-follow-up-${stamp}.md`),
      logPath: path.join(paths.runDir(runId), 'logs', `${taskId}-follow-up-${stamp}.log`),
    });
    if (!started.ok) return err('NOT_IN_REVIEW', started.error.message);
    this.host.attachSideSession(taskId, started.value.session);
    void started.value.done.then(async (result) => {
      if (result.ok) await this.land(taskId);
      else await this.host.refreshed();
    });
    return ok(null);
  }

  /** Removes the task's branch and worktree: its unmerged work is gone (the dialog said what first). */
  async discard(taskId: string): Promise<Result<null, 'NOT_FOUND' | 'NOT_IN_REVIEW'>> {
    const context = await this.unlanded(taskId);
    if (!context.ok) return context;
    if (this.decided(context.value, { kind: 'discard' })) return ok(null);
    if (context.value.controller) return err('NOT_IN_REVIEW', 'Wait for the run to end before discarding a task of it');
    const attempt = context.value.record.attempts.at(-1)!;
    const removed = await removeTaskWorktree({ repo: this.host.repo, path: attempt.worktree, reason: { kind: 'discarded' } });
    if (!removed.ok) return err('NOT_IN_REVIEW', removed.error.message);
    const deleted = await deleteTaskBranch({
      repo: this.host.repo,
      branch: attempt.branch,
      taskId,
      owned: new Set([attempt.branch]),
      reason: { kind: 'discarded' },
    });
    if (!deleted.ok) return err('NOT_IN_REVIEW', deleted.error.message);
    const store = await RunStore.open(this.host.repo);
    if (store.ok) {
      const state = await store.value.loadRunState(context.value.runId);
      const record = state.ok ? state.value.tasks.find((candidate) => candidate.id === taskId) : undefined;
      if (state.ok && record) {
        record.status = 'cancelled';
        record.reason = `discarded: branch ${attempt.branch} and its worktree were removed`;
        await store.value.saveRunState(state.value);
      }
      await store.value.close();
    }
    await this.host.refreshed();
    return ok(null);
  }
}
