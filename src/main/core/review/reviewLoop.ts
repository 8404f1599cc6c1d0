import type { PlanTask } from '../../../shared/plan/plan';
import type { AgentSession } from '../agents/agentSession';
import type { ProfileRegistry } from '../agents/profileRegistry';
import { lastAttempt, lastCliSession, type TaskRecord } from '../storage/runState';
import { addSummaries } from '../../../shared/run/usage';
import { discardTask } from './discardTask';
import { startFollowUp } from './followUp';
import type { ReviewGate } from './reviewGate';

/*
 * Layering: runs/ -> review/, never back. The run loop (runs/) opens the gate and hands a committed task
 * to reviewLoop; review/ stands on the lower folders only (git, agents, storage) and reaches the run
 * through the ports below (transition, merge, taskEnded, sessions), so it never imports runs/.
 */

/** What the review loop needs from its run: the run's ports, passed in by runs/runController.ts. */
export interface ReviewContext {
  repo: string;
  runId: string;
  runDir: string;
  registry: ProfileRegistry;
  defaultAgent: string;
  reviews: ReviewGate;
  /** Persists and announces the record's new status. */
  transition(record: TaskRecord): Promise<void>;
  merge(task: PlanTask, record: TaskRecord): Promise<void>;
  /** The task ended without landing (discarded or cancelled): the scheduler skips its dependents. */
  taskEnded(taskId: string, reason: string): void;
  attachSession(taskId: string, session: AgentSession): void;
  detachSession(taskId: string): void;
}

/**
 * Review before merge: the task waits with its committed work until the user approves (it merges),
 * asks for changes (its agent runs again in the same worktree with the follow-up prompt, then it
 * waits again), or discards it (branch and worktree removed). A cancel keeps the work.
 */
export async function reviewLoop(ctx: ReviewContext, task: PlanTask, record: TaskRecord): Promise<void> {
  const attempt = lastAttempt(record)!;
  for (;;) {
    const decision = await ctx.reviews.wait(task.id);
    if (decision.kind === 'approve') {
      record.status = 'merging';
      record.reason = null;
      await ctx.transition(record);
      await ctx.merge(task, record);
      return;
    }
    if (decision.kind === 'discard' || decision.kind === 'cancel') {
      const problem = decision.kind === 'discard' ? await discardTask(ctx.repo, task.id, attempt.branch, attempt.worktree) : null;
      record.status = 'cancelled';
      record.reason =
        decision.kind === 'cancel'
          ? `cancelled while waiting for review; branch ${attempt.branch} and its worktree are kept`
          : problem
            ? `discarded in review, but ${problem}`
            : `discarded in review: branch ${attempt.branch} and its worktree were removed`;
      await ctx.transition(record);
      ctx.taskEnded(task.id, record.reason);
      return;
    }
    record.status = 'running';
    record.reason = 'making the requested changes';
    await ctx.transition(record);
    const outcome = await followUp(ctx, task, record, decision.prompt);
    ctx.reviews.open(task.id);
    record.status = 'review';
    record.reason = outcome ?? 'waiting for your review';
    await ctx.transition(record);
  }
}

/** Runs the follow-up; returns null on success, or what went wrong (the task stays in Review). */
async function followUp(ctx: ReviewContext, task: PlanTask, record: TaskRecord, request: string): Promise<string | null> {
  const attempt = lastAttempt(record)!;
  const profile = ctx.registry.resolveProfile(task.agent ?? ctx.defaultAgent);
  if (!profile.ok) return profile.error.message;
  const started = await startFollowUp({
    task,
    profile: profile.value,
    runId: ctx.runId,
    runDir: ctx.runDir,
    worktree: attempt.worktree,
    branch: attempt.branch,
    request,
    builtin: ctx.registry.isBuiltin(profile.value.id),
    previous: lastCliSession(record),
  });
  if (!started.ok) return `the follow-up could not start: ${started.error.message}`;
  ctx.attachSession(task.id, started.value.session);
  const done = await started.value.done;
  ctx.detachSession(task.id);
  const exit = await started.value.session.exited;
  if (exit.usage) {
    // A resumed CLI reports the whole session's figures (the attempt's included); a new one only its own.
    attempt.usage = started.value.resumed || !attempt.usage ? exit.usage : addSummaries(attempt.usage, exit.usage);
  }
  if (exit.cliSessionId) {
    attempt.sessionId = exit.cliSessionId;
    attempt.profile = profile.value.id;
  }
  if (!done.ok) return `the follow-up failed: ${done.error.message}; the work before it is kept`;
  return done.value === 'empty' ? 'the follow-up changed nothing' : null;
}
