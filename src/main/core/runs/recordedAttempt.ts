import type { AgentSettings } from '../../../shared/agents/agentSettings';
import type { AgentProfile, Plan, PlanTask } from '../../../shared/plan/plan';
import type { AgentSession } from '../agents/agentSession';
import { lastAttempt, lastCliSession, type RunState, type TaskRecord } from '../storage/runState';
import type { RunStore } from '../storage/runStore';
import type { AgentEvent } from '../agents/agentEvent';
import type { TaskWorktree } from '../git/worktrees';
import { runAttempt, type AttemptResult, type AttemptResume } from './attemptRunner';

/** What an attempt needs from its run to be recorded as it goes. */
export interface AttemptRecorder {
  store: RunStore;
  state: RunState;
  repo: string;
  plan: Plan;
  gitEnv?: Record<string, string>;
  agentSettings?: AgentSettings;
  isBuiltin?(profileId: string): boolean;
  now(): number;
  transition(record: TaskRecord): Promise<void>;
  persist(event: { type: string; task?: string; attempt?: number; [key: string]: unknown }): Promise<void>;
  attachSession(taskId: string, session: AgentSession): void;
  detachSession(taskId: string): void;
  isCancelled(taskId: string): boolean;
  onAgentSucceeded(taskId: string): void;
  /** Budgets, rate limits and first output (see taskLimits.ts). */
  onAgentEvent?(taskId: string, event: AgentEvent): void;
  stopReason?(taskId: string): string | null;
  keepWorktree?(taskId: string): boolean;
  /** The attempt's worktree, once it exists (a rate-limited attempt is resumed in it). */
  onWorktree?(taskId: string, worktree: TaskWorktree): void;
}

/**
 * One attempt (see attemptRunner.ts), recorded in the task's state as it goes: the attempt is written
 * (and persisted) as soon as its worktree exists, so a crash at any later point finds it, and closed
 * with its end time, exit code and commit.
 */
export async function runRecordedAttempt(
  ctx: AttemptRecorder,
  task: PlanTask,
  record: TaskRecord,
  attempt: number,
  profile: AgentProfile,
  resume?: AttemptResume,
): Promise<AttemptResult> {
  const { store, state } = ctx;
  const runId = state.id;
  const result = await runAttempt(
    {
      runId,
      repo: ctx.repo,
      targetBranch: state.target.branch,
      worktreeRoot: state.options.worktreeRoot,
      plan: ctx.plan,
      strictFiles: state.options.strictFiles,
      promptFile: async (taskId, n, prompt) => {
        const written = await store.writePrompt(runId, taskId, n, prompt);
        if (!written.ok) throw new Error(written.error.message);
        return written.value;
      },
      logFile: (taskId, n) => store.paths.logFile(runId, taskId, n),
      ...(ctx.gitEnv ? { gitEnv: ctx.gitEnv } : {}),
      ...(ctx.agentSettings ? { agentSettings: ctx.agentSettings } : {}),
      ...(ctx.isBuiltin ? { isBuiltin: ctx.isBuiltin } : {}),
    },
    task,
    profile,
    attempt,
    {
      onWorktree: async (worktree) => {
        ctx.onWorktree?.(task.id, worktree);
        record.attempts.push({
          n: worktree.attempt,
          branch: worktree.branch,
          worktree: worktree.path,
          startedAt: new Date(ctx.now()).toISOString(),
          endedAt: null,
          exitCode: null,
          log: store.paths.logFile(runId, task.id, worktree.attempt),
          commit: null,
          profile: profile.id,
        });
        await ctx.transition(record);
      },
      onSession: (session, launch) => {
        const current = lastAttempt(record);
        if (current && launch.sessionId) current.sessionId = launch.sessionId;
        ctx.attachSession(task.id, session);
      },
      isCancelled: () => ctx.isCancelled(task.id),
      onAgentSucceeded: () => ctx.onAgentSucceeded(task.id),
      onAgentEvent: (event) => ctx.onAgentEvent?.(task.id, event),
      stopReason: () => ctx.stopReason?.(task.id) ?? null,
      keepWorktree: () => ctx.keepWorktree?.(task.id) ?? false,
    },
    resume,
    lastCliSession(record),
  );
  ctx.detachSession(task.id);
  const last = lastAttempt(record);
  if (last && last.endedAt === null) {
    last.endedAt = new Date(ctx.now()).toISOString();
    last.exitCode = result.exitCode;
    if (result.kind === 'committed') last.commit = result.head;
    if (result.sessionId) last.sessionId = result.sessionId;
    if (result.usage) {
      last.usage = result.usage;
      // The audit trail: what each attempt cost, as the CLI reported it.
      await ctx.persist({ type: 'attempt.usage', task: task.id, attempt: last.n, usage: result.usage.usage, costUsd: result.usage.costUsd, ...(result.sessionId ? { sessionId: result.sessionId } : {}) });
    }
  }
  if (result.kind === 'failed' && record.attempts.length > 0) {
    await ctx.persist({ type: 'attempt.failed', task: task.id, attempt, reason: result.reason, exitCode: result.exitCode });
  }
  return result;
}

